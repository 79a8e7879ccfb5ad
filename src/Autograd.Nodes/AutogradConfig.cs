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
          # Node hosts and node actors run here, not on akka's default dispatcher. A host is one actor,
          # so it never holds more than one thread. The .NET thread pool, whose idle workers spin briefly
          # before sleeping, answers an in-process client (whose continuations run on the same pool)
          # without waking another thread; a member process puts dedicated threads here (MemberProcess).
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
    /// What a member process of a multi-process cluster (<c>Autograd.Host member</c>) puts above
    /// <see cref="Default"/>: its compute dispatcher on dedicated threads, one per core, instead of the
    /// .NET thread pool. In a member, the thread pool belongs to remoting (DotNetty's continuations,
    /// Akka.Remote's endpoint actors, TLS): with node actors there too, every mailbox a kernel hands
    /// a value to asks the pool for a worker, and the woken workers spin, on cores the kernels and the
    /// remoting need. On their own threads a node actor's message to the next one is a queue push to a
    /// thread that is already running. An embedded engine keeps <see cref="Default"/>'s thread pool:
    /// there the client's own continuations run on it, and a round trip to a dedicated thread costs
    /// a wake-up each way.
    /// Its scheduler ticks every 100 ms instead of Akka's 10 ms: a member's timers (heartbeats, gossip,
    /// sweeps, bulk idle timeouts) are a second or more apart, and each tick wakes a thread-pool worker
    /// that then spins, so an idle member woke 100 times a second and burned cores its busy peers
    /// share. (A client keeps 10 ms: its outbox flushes posted messages after 5 ms.)
    /// </summary>
    public static readonly Config MemberProcess = ConfigurationFactory.ParseString("""
        akka.scheduler.tick-duration = 100ms
        autograd.compute-dispatcher {
          executor = fork-join-executor
          fork-join-executor {
            parallelism-min = 1
            parallelism-factor = 1.0
            parallelism-max = 64
          }
        }
        """);

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
