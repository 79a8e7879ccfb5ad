using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Autograd.Cluster;

namespace Autograd.Transport;

/// <summary>
/// The one source of transport and cluster settings. The <c>member</c> command, the remote client
/// and the embedded cluster each make one of these and render their Akka configuration from it
/// (<see cref="RemoteConfig"/>, <see cref="ClusterConfig"/>, <see cref="Setup"/>), so no frame
/// size, heartbeat pause or role name is written twice. The defaults are those of an in-process
/// system (loopback, a free port, plain TCP); the member command and the remote client set theirs.
/// </summary>
public sealed record TransportSettings
{
    public static readonly TransportSettings Default = new();

    /// <summary>The ActorSystem name; every member and client of one cluster must use the same.</summary>
    public string SystemName { get; init; } = "autograd";

    /// <summary>The address to bind (0.0.0.0 in containers).</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The address peers use to reach this system, when it differs from <see cref="Hostname"/>.</summary>
    public string? PublicHostname { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Plain unless given: the member command and the remote client pass theirs, which are on by default.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.PlainText;

    /// <summary>Akka.Remote's maximum frame, the same everywhere: a receiver with a smaller limit than its
    /// sender drops the association, and an oversized frame is dropped with only a log line.</summary>
    public long FrameSize { get; init; } = 4L << 20;

    /// <summary>A message whose tensors exceed this travels on the bulk path (a connection of its own beside
    /// Akka.Remote's); smaller ones go inline, as actor messages (so must fit a frame with 64 KiB to spare).</summary>
    public long InlineSize { get; init; } = 256L << 10;

    /// <summary>Where this system serves bulk transfers to the receivers that pull them; 0 picks a free port
    /// (offers carry it). Set it where a firewall or a published container port must know it.</summary>
    public int BulkPort { get; init; }

    /// <summary>Inbound connections this system accepts at once (<see cref="ConnectionLimitAdapter"/>); more are
    /// closed as they open. Each can hold a half-received frame, so this times <see cref="FrameSize"/> (512 MiB)
    /// bounds what connections make a member buffer. A member needs one per other member and one or two per
    /// client (Akka.Remote may open a second when both sides connect at once), plus handshakes in progress.</summary>
    public int MaxConnections { get; init; } = 128;

    /// <summary>The largest message the wire reassembles; larger ones are refused.</summary>
    public long MaxMessageSize { get; init; } = 1L << 30;

    /// <summary>A bulk transfer (or connection) without progress this long is dropped and its buffers freed, on both sides.</summary>
    public TimeSpan BulkIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every wait of the engine: a value, a backward pass, a node created before its definition.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A client's remote death watch of its members: a member silent this long is lost, the
    /// client's waits on it failing about 5-7 s after its last heartbeat.</summary>
    public TimeSpan WatchHeartbeatPause { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// A member's remote death watch of its clients (the only peers it watches that way): a client silent
    /// this long is gone and its sessions are freed. Longer than a member can be frozen (a long GC pause,
    /// a stopped VM) without the cluster downing it: a member that resumes would otherwise take its own
    /// silence for its clients' and free the sessions of clients that are still there. A longer freeze
    /// gets the member downed, and it leaves anyway.
    /// </summary>
    public TimeSpan ClientWatchPause => ClusterHeartbeatPause + StableAfter + TimeSpan.FromSeconds(5);

    /// <summary>The cluster failure detector's pause before a silent member is unreachable.</summary>
    public TimeSpan ClusterHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the split brain resolver waits for a stable membership before downing
    /// unreachable members (keep-majority over compute members).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How soon a member whose join did not complete tries again (Akka's <c>retry-unsuccessful-join-after</c>,
    /// 10 s by default). A member restarted on its old address is turned away once, while the cluster removes
    /// its old incarnation, and joins at the next try.</summary>
    public TimeSpan JoinRetry { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Actors a remote system may reach by actor selection (untrusted mode drops every other
    /// selection). Each is needed, as docs/operations.md shows from Akka's source:</summary>
    public static readonly IReadOnlyList<string> TrustedSelectionPaths =
    [
        "/user/" + MembershipActor.Name,       // clients ask a contact point for the compute members
        "/system/remote-watcher",              // RemoteWatcher heartbeats: remote death watch of clients and members
        "/system/cluster/core/daemon",         // ClusterCoreDaemon: join, gossip, leave (ClusterCore(address))
        "/system/cluster/heartbeatReceiver",   // ClusterHeartbeatSender's heartbeats between members
    ];

    /// <summary><c>akka.ssl.tcp</c> with TLS, <c>akka.tcp</c> without: the scheme of every address of this cluster.</summary>
    public string Scheme => Tls.Enabled ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>
    /// A seed or contact point as an address of this cluster: <c>host:port</c> gets this cluster's
    /// scheme and system name; a full address must already have them (a wrong scheme is an error,
    /// not corrected, so a member that was meant to run plain, or with TLS, is never reached the other way).
    /// </summary>
    public Address ParseAddress(string value, string what)
    {
        var text = value.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            var colon = text.LastIndexOf(':');
            if (colon > 0 && int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and <= 65535)
                return new Address(Scheme, SystemName, text[..colon].Trim('[', ']'), port);
        }
        else if (Address.TryParse(text, out var address) && address.Host is not null && address.Port is not null)
        {
            if (address.Protocol != Scheme)
                throw new ArgumentException(
                    $"{what} '{value}' uses {address.Protocol}, but this cluster uses {Scheme} " +
                    (Tls.Enabled ? "(TLS is on)" : "(TLS is off)") + $": write {Scheme}://{SystemName}@{address.Host}:{address.Port} or just {address.Host}:{address.Port}");
            if (address.System != SystemName)
                throw new ArgumentException($"{what} '{value}' names the actor system '{address.System}', this cluster's is '{SystemName}'");
            return address;
        }
        throw new ArgumentException($"{what} '{value}' is neither host:port nor an address of the form {Scheme}://{SystemName}@host:port");
    }

    /// <summary>Where this system listens and whether it speaks TLS.</summary>
    public Config BindConfig() => ConfigurationFactory.ParseString($$"""
        akka.remote.dot-netty.tcp {
          hostname = {{Quote(Hostname)}}
          {{(string.IsNullOrWhiteSpace(PublicHostname) ? "" : "public-hostname = " + Quote(PublicHostname))}}
          port = {{Port}}
          enable-ssl = {{(Tls.Enabled ? "on" : "off")}}
        }
        """);

    /// <summary>What every remoting system of the engine runs with, member or client (under
    /// <see cref="AutogradConfig.Default"/>, which renders the defaults of this record).</summary>
    public Config RemoteConfig() => BindConfig().WithFallback(ConfigurationFactory.ParseString($$"""
        akka.remote {
          dot-netty.tcp {
            maximum-frame-size = {{FrameSize}}b
            send-buffer-size = {{FrameSize}}b
            receive-buffer-size = {{FrameSize}}b
          }
          # Inbound connections beyond autograd.limits.connections are closed as they open (ConnectionLimitAdapter).
          adapters { {{Quote(ConnectionLimitAdapter.Name)}} = "{{ConnectionLimitAdapterType}}" }
          dot-netty.tcp.applied-adapters = [{{Quote(ConnectionLimitAdapter.Name)}}]
          watch-failure-detector.acceptable-heartbeat-pause = {{Ms(WatchHeartbeatPause)}}
          # Untrusted mode: no remote deployment (daemon messages dropped), no PoisonPill or other
          # possibly harmful message from outside, no actor selection except to these paths.
          untrusted-mode = on
          trusted-selection-paths = [{{string.Join(", ", TrustedSelectionPaths.Select(Quote))}}]
        }
        # Nothing is ever deployed on another system.
        akka.actor.deployment.default.remote = ""
        # Akka's JSON serializer (identifier 1, the fallback for every unbound type, with type names
        # on the wire) is replaced by one that refuses: see RefusingSerializer.
        akka.actor {
          serializers.json = "{{RefusingSerializerType}}"
          serialization-identifiers { "{{RefusingSerializerType}}" = {{RefusingSerializer.JsonIdentifier}} }
        }
        autograd {
          wire {
            inline-size = {{InlineSize}}b
            max-message-size = {{MaxMessageSize}}b
            idle-timeout = {{Ms(BulkIdleTimeout)}}
            port = {{BulkPort}}
          }
          timeout = {{Ms(Timeout)}}
          limits.connections = {{MaxConnections}}
        }
        """));

    /// <summary>A cluster member's own part, to go above <see cref="RemoteConfig"/>: roles, seeds,
    /// failure detector, split brain resolver (keep-majority counted over compute members: on a
    /// partition the side with most compute members stays up; a tie keeps the side with the lowest address).</summary>
    public Config ClusterConfig(IEnumerable<string> roles, IEnumerable<Address> seeds) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        akka.remote.watch-failure-detector.acceptable-heartbeat-pause = {{Ms(ClientWatchPause)}}
        akka.cluster {
          roles = [{{string.Join(", ", roles.Select(Quote))}}]
          seed-nodes = [{{string.Join(", ", seeds.Select(s => Quote(s.ToString())))}}]
          retry-unsuccessful-join-after = {{Ms(JoinRetry)}}
          failure-detector.acceptable-heartbeat-pause = {{Ms(ClusterHeartbeatPause)}}
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver {
            active-strategy = keep-majority
            keep-majority.role = {{Quote(MemberRoles.Compute)}}
            stable-after = {{Ms(StableAfter)}}
          }
        }
        """);

    /// <summary>The TLS setup (certificate, CA validation) to add to the ActorSystem, or none when plain.</summary>
    /// <param name="prefix">How the caller's settings are spelled, for error messages.</param>
    public Setup? Setup(string prefix) => Tls.Enabled ? TlsSetup.Create(Tls, prefix) : null;

    /// <summary>What a member or remote client logs at start when it runs without TLS.</summary>
    public const string PlainTextWarning =
        "TLS IS OFF: this system talks plain TCP. Anyone who can reach its port can join the cluster, read and " +
        "change tensors, and stop members. Run like this only on a network you trust entirely; turn TLS on " +
        "with a certificate and the cluster CA (docs/operations.md).";

    private static readonly string RefusingSerializerType =
        $"{typeof(RefusingSerializer).FullName}, {typeof(RefusingSerializer).Assembly.GetName().Name}";

    // No space after the comma: Akka.Remote reads akka.remote.adapters with HOCON's ToString, which
    // keeps the quotes of a string with a space in it, and then finds no such type (and remoting never starts).
    private static readonly string ConnectionLimitAdapterType =
        $"{typeof(ConnectionLimitAdapter).FullName},{typeof(ConnectionLimitAdapter).Assembly.GetName().Name}";

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Ms(TimeSpan value) => $"{(long)Math.Ceiling(value.TotalMilliseconds)}ms";
}
