using Akka.Configuration;
using Autograd.Transport;

namespace Autograd;

/// <summary>
/// The HOCON every member and client needs: the serializer binding for the protocol, the
/// compute dispatcher node actors run on, and, rendered from <see cref="TransportSettings.Default"/>,
/// the wire sizes, timeouts and locked-down remoting. Compose it with <c>WithFallback</c> under
/// the system's own configuration (a member or client puts its own <see cref="TransportSettings"/> above it).
/// </summary>
public static class AutogradConfig
{
    /// <summary>Config path of the dispatcher that runs kernels, so they never occupy the default one.</summary>
    public const string ComputeDispatcher = "autograd.compute-dispatcher";

    /// <summary>Config path of the node actors' mailbox (<see cref="Actors.NodeMailbox"/>).</summary>
    public const string NodeMailbox = "autograd.node-mailbox";

    /// <summary>The well-known name of the node host under <c>/user</c>.</summary>
    public const string NodeHostName = "autograd-nodes";

    public static readonly Config Default = TransportSettings.Default.RemoteConfig().WithFallback(ConfigurationFactory.ParseString($$"""
        akka.extensions = ["Autograd.Wire.AutogradWireProvider, Autograd.Nodes"]
        akka.actor {
          serializers {
            autograd = "Autograd.Protocol.Serialization.AutogradSerializer, Autograd.Nodes"
          }
          serialization-bindings {
            "Autograd.Protocol.IAutogradMessage, Autograd.Nodes" = autograd
          }
          serialization-identifiers {
            "Autograd.Protocol.Serialization.AutogradSerializer, Autograd.Nodes" = {{Protocol.Serialization.AutogradSerializer.SerializerId}}
          }
        }
        autograd {
          # Node hosts run here, not on akka's default dispatcher. A host is one actor, so it never
          # holds more than one thread; the .NET thread pool (whose idle workers spin briefly before
          # sleeping) answered a client round trip in ~3-6 us where a ForkJoinDispatcher's dedicated
          # threads took ~17-35 us on the same (loaded) 2-core machine.
          compute-dispatcher {
            type = Dispatcher
            executor = thread-pool-executor
            throughput = 100
          }
          # node actors' mailbox: unbounded, a small locked ring instead of a 32-slot concurrent queue (NodeMailbox)
          node-mailbox {
            mailbox-type = "Autograd.Actors.NodeMailbox, Autograd.Nodes"
          }
        }
        """)).WithFallback(AkkaRemoteReference());

    /// <summary>
    /// Akka.Remote's own reference configuration, which Akka loads only for a remoting system. Under
    /// everything, so that in a local system too (an embedded engine, actor specs) Akka's own messages
    /// (PoisonPill, Identify, Status.Failure, ...) keep their serializers when serialize-messages is
    /// on, instead of reaching the JSON fallback, which refuses (<see cref="RefusingSerializer"/>).
    /// </summary>
    private static Config AkkaRemoteReference()
    {
        const string resource = "Akka.Remote.Configuration.Remote.conf";
        using var stream = typeof(Akka.Remote.RemoteActorRefProvider).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"Akka.Remote no longer embeds {resource}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>
    /// Every message round-trips through its serializer even inside one process: what tests use
    /// to prove the protocol could cross members. Only messages with a serializer survive (there is
    /// no JSON fallback): Akka's local-only <c>StopChild</c>, which <c>ActorSystem.Stop</c> sends, does
    /// not; stop top-level actors with a <c>PoisonPill</c> instead.
    /// </summary>
    public static Config SerializeAllMessages => ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.actor.serialize-creators = off
        """);

    /// <summary>Overrides <c>autograd.timeout</c>.</summary>
    public static Config WithTimeout(TimeSpan timeout) =>
        ConfigurationFactory.ParseString($"autograd.timeout = {(long)Math.Ceiling(timeout.TotalMilliseconds)}ms");
}
