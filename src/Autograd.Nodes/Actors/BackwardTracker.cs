using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One per client: follows every backward pass the client started. Nodes report to it like to an
/// actor (it is a temp actor ref, so its path resolves from any member), but a report is handled
/// on the reporting thread instead of through a mailbox: the leaf that completes a pass completes
/// <c>BackwardAsync</c> directly, saving a thread hop per pass (Akka's own Ask works the same way).
/// A pass completes when each expected leaf reported; it fails on the first
/// <see cref="PassFailed"/>, when a host involved terminates (<see cref="HostWatcher"/>, or whoever
/// watches the hosts for the engine and calls <see cref="HostTerminated"/>), or at its
/// deadline (naming the leaves still missing). Each pass is answered once. Reports count only
/// from members the engine knows (and this system's own actors), and a failure only for a pass of
/// its node's session: anyone else's are dropped, counted and logged.
/// </summary>
internal sealed class BackwardTracker : MinimalActorRef
{
    private readonly MemberAddresses _members;
    private readonly RefusalLog _refusals;
    private readonly IActorRefProvider _provider;
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _timeout;
    private readonly IActorRef? _watcher;
    private readonly object _lock = new();
    private readonly Dictionary<long, PassProgress> _passes = new();
    private readonly HashSet<IActorRef> _watchedHosts = new();
    private bool _stopped;

    /// <param name="members">Whose reports count: the members the engine knows (actors of this system always count).</param>
    /// <param name="refusals">Where reports from anyone else are counted and logged.</param>
    /// <param name="watchHosts">Watch the hosts of passes (<see cref="HostWatcher"/>); false when the caller
    /// watches them and calls <see cref="HostTerminated"/>, so one watch decides when a member is lost.</param>
    public BackwardTracker(ActorSystem system, TimeSpan timeout, MemberAddresses? members = null, RefusalLog? refusals = null,
        bool watchHosts = true)
    {
        _members = members ?? new MemberAddresses();
        _refusals = refusals ?? new RefusalLog(Logging.GetLogger(system, typeof(BackwardTracker)), TimeSpan.FromSeconds(10));
        _provider = ((ExtendedActorSystem)system).Provider;
        _scheduler = system.Scheduler;
        _timeout = timeout;
        Path = _provider.TempPath();
        _provider.RegisterTempActor(this, Path);
        _watcher = watchHosts ? system.ActorOf(HostWatcher.Props(this)) : null;
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider => _provider;

    public int PassesInFlight
    {
        get { lock (_lock) return _passes.Count; }
    }

    /// <summary>Follows a pass. Called before its plans are sent, so no report can overtake it.</summary>
    public void Track(long pass, NodeId[] expectedLeaves, IActorRef[] hosts, TaskCompletionSource done)
    {
        var progress = new PassProgress(pass, expectedLeaves, hosts, done);
        if (progress.Complete()) return;
        List<IActorRef>? newHosts = null;
        lock (_lock)
        {
            if (_stopped)
            {
                progress.Fail(new AutogradException($"backward pass {pass} cannot start: the engine is shutting down"));
                return;
            }
            _passes.Add(pass, progress);
            if (_watcher is not null)
                foreach (var host in hosts)
                    if (_watchedHosts.Add(host)) (newHosts ??= []).Add(host);
        }
        if (newHosts is not null) _watcher!.Tell(new HostWatcher.WatchHosts([.. newHosts]));
        progress.Deadline = _scheduler.Advanced.ScheduleOnceCancelable(_timeout, () => Finish(pass, p => p.TimedOut(_timeout)));
    }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (!_members.Trusts(sender))
        {
            _refusals.Refuse(sender, message.GetType().Name, "a backward pass takes reports from the cluster's members only");
            return;
        }
        switch (message)
        {
            case LeafDone done:
                Report(done.Pass, [done.Node]);
                break;
            case LeavesDone done:
                Report(done.Pass, done.Seqs.Select(seq => new NodeId(done.Session, seq)));
                break;
            case PassFailed failed:
                Finish(failed.Pass, p => p.Fail(new AutogradException(
                    $"backward failed at node {failed.Node} ({failed.Op}): {failed.Message}", failed.Node, failed.Op)),
                    p => p.Session == failed.Node.Session);
                break;
        }
    }

    private void Report(long pass, IEnumerable<NodeId> leaves)
    {
        PassProgress? completed = null;
        lock (_lock)
        {
            if (_passes.TryGetValue(pass, out var progress) && leaves.Aggregate(false, (done, leaf) => progress.Report(leaf) | done))
            {
                _passes.Remove(pass);
                completed = progress;
            }
        }
        if (completed is not null)
        {
            // Outside the lock: the awaiting code may resume at once and start the next pass.
            completed.Deadline?.Cancel();
            completed.Complete();
        }
    }

    /// <summary>A node host of some pass terminated: those passes fail, naming the member.</summary>
    public void HostTerminated(IActorRef host)
    {
        List<PassProgress> affected;
        lock (_lock)
        {
            _watchedHosts.Remove(host);
            affected = _passes.Values.Where(p => p.Hosts.Contains(host)).ToList();
            foreach (var p in affected) _passes.Remove(p.Pass);
        }
        foreach (var p in affected)
        {
            p.Deadline?.Cancel();
            p.Fail(new AutogradException(
                $"backward pass {p.Pass} failed: the node host {host.Path} (member {host.Path.Address}) terminated"));
        }
    }

    /// <summary>Fails what is still in flight and stops answering (engine disposal).</summary>
    public override void Stop()
    {
        List<PassProgress> abandoned;
        lock (_lock)
        {
            if (_stopped) return;
            _stopped = true;
            abandoned = [.. _passes.Values];
            _passes.Clear();
        }
        _provider.UnregisterTempActor(Path);
        _watcher?.Tell(PoisonPill.Instance);
        foreach (var p in abandoned)
        {
            p.Deadline?.Cancel();
            p.Fail(new AutogradException($"backward pass {p.Pass} was abandoned: the engine is shutting down"));
        }
    }

    private void Finish(long pass, Action<PassProgress> outcome, Func<PassProgress, bool>? concerns = null)
    {
        PassProgress? progress;
        lock (_lock)
        {
            if (!_passes.TryGetValue(pass, out progress) || concerns?.Invoke(progress) == false) return;
            _passes.Remove(pass);
        }
        progress.Deadline?.Cancel();
        outcome(progress);
    }
}
