using Autograd.Cluster;
using Autograd.Transport;

namespace Autograd.Host.Member;

/// <summary>
/// Everything a cluster member needs to know about itself, bound from the section
/// <c>Autograd</c> of the usual .NET configuration sources: appsettings.json, then
/// environment variables (<c>AUTOGRAD__PORT=4054</c>, <c>AUTOGRAD__TLS__CERTIFICATEPATH=...</c>),
/// then the command line (<c>--port 4054 --certificate ...</c>), later sources winning.
/// <see cref="Transport"/> turns them into the one <see cref="TransportSettings"/> the member runs with.
/// </summary>
public sealed class MemberOptions
{
    public const string Section = "Autograd";

    /// <summary>How settings are spelled in error messages.</summary>
    public const string TlsPrefix = Section + ":Tls:";

    /// <summary>The ActorSystem name; every member and client of one cluster must use the same.</summary>
    public string SystemName { get; set; } = TransportSettings.Default.SystemName;

    /// <summary>The address the member binds to (0.0.0.0 in containers).</summary>
    public string Hostname { get; set; } = TransportSettings.Default.Hostname;

    /// <summary>The address other members use to reach this one, when it differs from <see cref="Hostname"/>
    /// (a pod's stable DNS name, a container's service name).</summary>
    public string? PublicHostname { get; set; }

    public int Port { get; set; } = 4053;

    /// <summary>Where this member serves bulk transfers (tensors above the inline size) to the receivers
    /// that pull them; 0, the default, picks a free port (offers carry it). Set it where a firewall or a
    /// published container port must know it.</summary>
    public int BulkPort { get; set; }

    /// <summary>Seeds as <c>host:port</c> (or full addresses with this cluster's scheme,
    /// <c>akka.ssl.tcp://autograd@host:port</c> with TLS). The first seed starts a new cluster when
    /// it lists itself first; everyone else joins.</summary>
    public string[] Seeds { get; set; } = [];

    /// <summary>Cluster roles; none given means <c>compute</c>. Members with the role <c>compute</c>
    /// host graph nodes. (Empty by default because the configuration binder appends to a
    /// non-empty default array instead of replacing it.)</summary>
    public string[] Roles { get; set; } = [];

    public string[] EffectiveRoles => Roles.Length == 0 ? [MemberRoles.Compute] : Roles;

    /// <summary>The split brain resolver's <c>stable-after</c>: shorter is faster recovery, longer is
    /// more tolerant of GC pauses and slow networks.</summary>
    public TimeSpan DownUnreachableAfter { get; set; } = TransportSettings.Default.StableAfter;

    /// <summary>Inbound connections the member accepts at once (members, clients, handshakes in progress);
    /// more are closed as they open and logged.</summary>
    public int MaxConnections { get; set; } = TransportSettings.Default.MaxConnections;

    /// <summary>Mutual TLS, on unless <c>Autograd:Tls:Enabled</c> is false.</summary>
    public TlsSettings Tls { get; set; } = new();

    public string AdvertisedHostname => string.IsNullOrWhiteSpace(PublicHostname) ? Hostname : PublicHostname;

    public TransportSettings Transport => TransportSettings.Default with
    {
        SystemName = SystemName,
        Hostname = Hostname,
        PublicHostname = PublicHostname,
        Port = Port,
        BulkPort = BulkPort,
        Tls = Tls,
        StableAfter = DownUnreachableAfter,
        MaxConnections = MaxConnections,
    };

    /// <summary>The seeds as addresses with this cluster's scheme.</summary>
    public Akka.Actor.Address[] SeedAddresses => Seeds.Select(s => Transport.ParseAddress(s, "seed")).ToArray();

    /// <summary>Rejects settings that would only fail later and less clearly.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SystemName))
            throw new ArgumentException("Autograd:SystemName must not be empty");
        if (string.IsNullOrWhiteSpace(Hostname))
            throw new ArgumentException("Autograd:Hostname must not be empty");
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"Autograd:Port must be between 0 and 65535, got {Port}");
        if (BulkPort is < 0 or > 65535)
            throw new ArgumentException($"Autograd:BulkPort must be between 0 and 65535, got {BulkPort}");
        _ = SeedAddresses;
        if (DownUnreachableAfter <= TimeSpan.Zero)
            throw new ArgumentException("Autograd:DownUnreachableAfter must be positive");
        if (MaxConnections < 1)
            throw new ArgumentException($"Autograd:MaxConnections must be at least 1, got {MaxConnections}");
        Tls.Validate(TlsPrefix);
    }
}
