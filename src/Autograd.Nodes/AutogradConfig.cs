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
          # what a member holds for others at most; more is refused and logged (Access/AccessLimits.cs)
          limits {
            waiting-nodes-per-session = 4096   # node actors waiting for their definition
            waiting-nodes-per-member = 32768
            sessions-per-client = 1024         # sessions a system outside the cluster may have open here
            transfers-per-sender = 16          # bulk transfers a client has in flight to a member (members: only the total)
            buffered-bytes-per-sender = 1GiB   # their buffers, per client (at least wire.max-message-size)
            buffered-bytes = 2GiB              # buffers of transfers in flight, everyone together
            refusal-log-interval = 10s         # a sender's refusals are logged once per interval, with a count
          }
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
        """));

    /// <summary>
    /// Every message round-trips through its serializer even inside one process: what tests use
    /// to prove the protocol could cross members. For in-process systems only: it brings back Akka's
    /// JSON serializer, because Akka's own local-only messages (cluster subscriptions, coordinated
    /// shutdown, <c>ActorSystem.Stop</c>) have no other serializer and would otherwise be dropped.
    /// Members and clients never run with it; their JSON refusal is tested in LockdownTests.
    /// </summary>
    public static Config SerializeAllMessages => ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.actor.serialize-creators = off
        akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka"
        """);

    /// <summary>Overrides <c>autograd.timeout</c>.</summary>
    public static Config WithTimeout(TimeSpan timeout) =>
        ConfigurationFactory.ParseString($"autograd.timeout = {(long)Math.Ceiling(timeout.TotalMilliseconds)}ms");
}
