using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Autograd.Access;
using Autograd.Actors;
using Autograd.Cluster;
using Autograd.Protocol;

namespace Autograd.Client;

/// <summary>
/// The entry point: an actor system that can reach one node host per member, and the deadline
/// every wait uses. Sessions hold the graphs.
/// </summary>
public sealed class AutogradEngine : IAsyncDisposable
{
    private readonly bool _ownsSystem;
    private readonly ActorSystem[] _otherSystems;
    private int _disposed;

    /// <param name="system">The client's actor system (with <see cref="AutogradConfig.Default"/> in its config).</param>
    /// <param name="members">The node host of every member, in the order placement uses.</param>
    /// <param name="timeout">Deadline of every wait.</param>
    /// <param name="ownsSystem">Dispose terminates the system.</param>
    /// <param name="otherSystems">Further systems this engine owns (the other members of an embedded cluster).</param>
    /// <summary>An engine on node hosts outside any cluster (an embedded single member, tests).</summary>
    internal AutogradEngine(ActorSystem system, IReadOnlyList<IActorRef> hosts, TimeSpan timeout, bool ownsSystem)
        : this(system, new ComputeMembers([.. hosts], [.. hosts.Select(h => h.Path.Address.ToString())], new int[hosts.Count]), timeout, ownsSystem)
    {
    }

    internal AutogradEngine(ActorSystem system, ComputeMembers members, TimeSpan timeout, bool ownsSystem,
        ActorSystem[]? otherSystems = null)
    {
        _otherSystems = otherSystems ?? [];
        if (members.Hosts.Length == 0) throw new ArgumentException("an engine needs at least one node host", nameof(members));
        System = system;
        Trusted = new MemberAddresses(members.Hosts.Select(h => h.Path.Address));
        // A remote client is no cluster member: its wire takes bulk transfers (values, grads) from the members this engine knows.
        Wire.AutogradWire.Get(system).TrustAlso(Trusted);
        Refusals = new RefusalLog(Logging.GetLogger(system, typeof(AutogradEngine)), TimeSpan.FromSeconds(10));
        Members = new Cluster.MemberTracker(system, members, timeout, Trusted);
        Timeout = timeout;
        _ownsSystem = ownsSystem;
        // The member tracker's watch alone decides that a member is lost: placement leaves it out
        // before any pass on it fails, so code that reacts to the failure never places on it again.
        Tracker = new BackwardTracker(system, timeout, Trusted, Refusals, watchHosts: false);
        Members.HostLost = Tracker.HostTerminated;
        Replies = new ReplyInbox(system, timeout, Trusted, Refusals) { Tracker = Tracker };
    }

    /// <summary>The members this engine knows (every host it was ever given): the only systems whose answers it takes.</summary>
    internal MemberAddresses Trusted { get; }

    /// <summary>Answers and reports the engine dropped because they did not come from a member.</summary>
    internal RefusalLog Refusals { get; }

    /// <summary>The members new sessions are placed on, and which were lost.</summary>
    internal Cluster.MemberTracker Members { get; }

    /// <summary>How to ask the cluster for its compute members again after a loss (clusters only).</summary>
    internal Func<Task<ComputeMembers>>? RefreshHosts { init => Members.Refresh = value; }

    /// <summary>The other members' systems of an embedded cluster (tests stop one to see a member go).</summary>
    internal IReadOnlyList<ActorSystem> OtherMemberSystems => _otherSystems;

    /// <summary>
    /// The members live in other processes (a remote client): what a variable holds there is invisible to
    /// this process's garbage collector, so each variable counts it towards the next collection (<see cref="Graph.RemoteTensorBudget"/>).
    /// </summary>
    internal bool MembersElsewhere { get; init; }

    /// <summary>Told each new session (a remote client registers it with its members' client watchers).</summary>
    internal Action<Session>? SessionOpened { get; init; }

    /// <summary>Told each disposed session.</summary>
    internal Action<Session>? SessionClosed { get; init; }

    /// <summary>Run by <see cref="DisposeAsync"/> before the system stops (a remote client settles its connections).</summary>
    internal Func<AutogradEngine, Task>? Closing { get; init; }

    /// <summary>
    /// Connects to a running cluster from this process: the client is not a cluster member and
    /// hosts no nodes; it asks a contact point for the compute members and places sessions on
    /// them. Its sessions are freed on every member if this process goes away without disposing them.
    /// </summary>
    public static Task<AutogradEngine> ConnectAsync(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Cluster.RemoteClient.ConnectAsync(options);
    }

    /// <summary>Follows this client's backward passes; nodes report leaves and failures to it.</summary>
    internal BackwardTracker Tracker { get; }

    /// <summary>Where answers to this client's node requests (values, grads) arrive.</summary>
    internal ReplyInbox Replies { get; }

    private long _lastPass;

    /// <summary>Pass ids are unique per engine, so one tracker serves every session.</summary>
    internal long NextPass() => Interlocked.Increment(ref _lastPass);

    internal ActorSystem System { get; }

    /// <summary>The node host of every member, in placement order (new sessions take a snapshot).</summary>
    internal IReadOnlyList<IActorRef> Hosts => Members.Hosts;

    /// <summary>Deadline of every wait.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Starts an engine inside this process: one actor system with a node host.</summary>
    /// <remarks>
    /// With <see cref="EmbeddedOptions.Members"/> above one, each member is its own ActorSystem on a
    /// loopback port and they form a real cluster: messages between members are serialized.
    /// </remarks>
    public static async Task<AutogradEngine> StartEmbeddedAsync(EmbeddedOptions? options = null)
    {
        options ??= new EmbeddedOptions();
        if (options.Members < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Members, "an embedded engine needs at least one member");
        if (options.Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "the timeout must be positive");

        var logs = new Logs.AkkaLogSetup(options.LoggerFactory);
        var config = AutogradConfig.WithTimeout(options.Timeout)
            .WithFallback(options.SerializeMessages ? AutogradConfig.SerializeAllMessages : Config.Empty)
            .WithFallback(logs.Config())
            .WithFallback(EmbeddedConfig)
            .WithFallback(AutogradConfig.Default);
        if (options.Members > 1)
        {
            var (systems, members) = await Cluster.EmbeddedCluster.StartAsync(options.Members, config, options.Timeout, logs);
            return new AutogradEngine(systems[0], members, options.Timeout, ownsSystem: true, otherSystems: systems[1..])
            {
                RefreshHosts = () => Cluster.EmbeddedCluster.ComputeMembersAsync(systems[0], 1, options.Timeout),
            };
        }
        var system = ActorSystem.Create("autograd", Setup(config, logs));
        var host = system.ActorOf(NodeHost.Props(options.Timeout), AutogradConfig.NodeHostName);
        return new AutogradEngine(system, [host], options.Timeout, ownsSystem: true);
    }

    private static readonly Config EmbeddedConfig = ConfigurationFactory.ParseString("""
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """);

    /// <summary>An actor system's setup: its configuration and where it logs.</summary>
    internal static ActorSystemSetup Setup(Config config, params Setup[] more) =>
        ActorSystemSetup.Create([BootstrapSetup.Create().WithConfig(config), .. more]);

    /// <summary>A new session: a namespace for nodes that is freed as a whole when disposed.</summary>
    public Session NewSession()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var session = new Session(this, Guid.NewGuid());
        SessionOpened?.Invoke(session);
        return session;
    }

    /// <summary>How many sessions and node actors each host holds (for tests and diagnostics).</summary>
    /// <summary>
    /// What each member holds now, in placement order: sessions, live node actors (one per graph node or
    /// shard the member holds), node actors pooled for reuse, nodes waiting for their definition, and
    /// messages refused so far. A training loop's node count stays flat: each step's nodes are
    /// released once their variables are garbage-collected, and their actors serve the next step's nodes.
    /// </summary>
    public async Task<IReadOnlyList<MemberStats>> MemberStatsAsync()
    {
        var hosts = Hosts;
        var stats = await HostStatsAsync();
        return stats.Select((s, i) => new MemberStats(hosts[i].Path.Address.HasGlobalScope ? hosts[i].Path.Address.ToString() : "local",
            s.Sessions, s.Nodes, s.PooledActors, s.WaitingNodes, s.Refused)).ToArray();
    }

    internal async Task<HostStats[]> HostStatsAsync() =>
        await Task.WhenAll(Hosts.Select(h => h.Ask<HostStats>(new GetHostStats(), Timeout)));

    internal bool IsDisposed => _disposed != 0;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (Closing is not null) await Closing(this);
        Tracker.Stop();
        Replies.Stop();
        Members.Stop();
        if (!_ownsSystem) return;
        if (_otherSystems.Length == 0) await System.Terminate();
        else await Cluster.EmbeddedCluster.StopAsync(_otherSystems.Append(System), TimeSpan.FromSeconds(10));
    }
}
