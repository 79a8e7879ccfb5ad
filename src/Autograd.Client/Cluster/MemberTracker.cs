using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Autograd.Cluster;

namespace Autograd.Client.Cluster;

/// <summary>
/// The engine's view of its members: the node hosts new sessions are placed on and which member
/// incarnations were lost. A lost member leaves the placement at once; then (when the engine can ask
/// the cluster) the cluster is asked for its members again, which leaves out members it sees as
/// unreachable, and keeps being asked for a while, so a member that comes back restarted (a new
/// incarnation on the same address) is placed on again. An incarnation once lost is never placed on
/// again: this engine's connection to it is gone for good (Akka quarantines it), even if the cluster
/// keeps it, as after a freeze that the cluster forgave.
/// </summary>
internal sealed class MemberTracker
{
    private readonly ConcurrentDictionary<(Address Address, int Uid), TaskCompletionSource<string>> _lost = new();
    private readonly IActorRef _monitor;
    private readonly ILoggingAdapter _log;
    private readonly TimeSpan _timeout;
    private readonly Access.MemberAddresses _trusted;
    private readonly Lock _lock = new();
    private volatile ComputeMembers _current;
    private volatile bool _stopped;
    private int _refreshing;

    /// <param name="members">The compute members to place on first.</param>
    /// <param name="trusted">The engine's trusted members: a refresh adds the hosts it finds.</param>
    public MemberTracker(ActorSystem system, ComputeMembers members, TimeSpan timeout, Access.MemberAddresses trusted)
    {
        _current = members;
        _trusted = trusted;
        _timeout = timeout;
        _log = Logging.GetLogger(system, typeof(MemberTracker));
        _monitor = system.ActorOf(MemberMonitor.Props(this));
        _monitor.Tell(new MemberMonitor.Watch(members));
    }

    /// <summary>The members new sessions are placed on, as last known (never empty).</summary>
    public ComputeMembers Current => _current;

    /// <summary>Their node hosts, in placement order.</summary>
    public IReadOnlyList<IActorRef> Hosts => _current.Hosts;

    /// <summary>Asks the cluster for its compute members again; null when the engine cannot (embedded single member).</summary>
    public Func<Task<ComputeMembers>>? Refresh { get; set; }

    /// <summary>Told of each lost host after placement has left it out (the backward tracker fails its passes).</summary>
    public Action<IActorRef>? HostLost { get; set; }

    /// <summary>Completes with the address of the first of <paramref name="members"/> to be lost.</summary>
    public Task<string> FirstLost(ComputeMembers members) =>
        members.Hosts.Length == 1 ? LostTask(Key(members, 0)) : Task.WhenAny(Keys(members).Select(LostTask)).Unwrap();

    /// <summary>Told by the monitor: the incarnation <paramref name="uid"/> of <paramref name="host"/>'s member left, crashed or was downed.</summary>
    public void Lost(IActorRef host, int uid, string address)
    {
        var member = (host.Path.Address, uid);
        int before;
        lock (_lock)
        {
            // Out of placement before anyone waiting on it hears of the loss.
            before = _current.Hosts.Length;
            var left = Without(_current, m => m == member || IsLost(m));
            if (left.Hosts.Length > 0 && left.Hosts.Length < before)
            {
                _current = left;
                _log.Info("member {0} lost; new sessions go to {1}", address, Describe(left));
            }
        }
        LostCompletion(member).TrySetResult(address);
        HostLost?.Invoke(host);
        if (Refresh is not null && !_stopped && Interlocked.Exchange(ref _refreshing, 1) == 0)
            _ = RefreshAsync(before);
    }

    public void Stop()
    {
        _stopped = true;
        _monitor.Tell(PoisonPill.Instance);
    }

    private Task<string> LostTask((Address, int) member) => LostCompletion(member).Task;

    private TaskCompletionSource<string> LostCompletion((Address, int) member) =>
        _lost.GetOrAdd(member, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private bool IsLost((Address, int) member) => _lost.TryGetValue(member, out var lost) && lost.Task.IsCompleted;

    private static (Address, int) Key(ComputeMembers members, int i) => (members.Hosts[i].Path.Address, members.Uids[i]);

    private static IEnumerable<(Address, int)> Keys(ComputeMembers members) => Enumerable.Range(0, members.Hosts.Length).Select(i => Key(members, i));

    private static ComputeMembers Without(ComputeMembers members, Func<(Address, int), bool> drop) =>
        Keep(members, i => !drop(Key(members, i)));

    private static ComputeMembers Keep(ComputeMembers members, Func<int, bool> keep)
    {
        var kept = Enumerable.Range(0, members.Hosts.Length).Where(keep).ToArray();
        return new ComputeMembers([.. kept.Select(i => members.Hosts[i])], [.. kept.Select(i => members.Addresses[i])], [.. kept.Select(i => members.Uids[i])]);
    }

    /// <summary>
    /// <paramref name="members"/> without those new to this engine that do not answer a round trip within
    /// <see cref="ProbeBound"/>: a member restarted on the address of one just lost is listed by the cluster
    /// before this client's link to that address works again (Akka gates an address that failed, dropping
    /// what is sent there for a few seconds), and a session placed on it then would lose its messages.
    /// </summary>
    private async Task<ComputeMembers> ReachableAsync(ComputeMembers members)
    {
        var current = _current;
        var known = Keys(current).ToHashSet();
        var answers = await Task.WhenAll(Enumerable.Range(0, members.Hosts.Length).Select(async i =>
        {
            if (known.Contains(Key(members, i))) return true;
            try
            {
                await members.Hosts[i].Ask<Protocol.HostStats>(new Protocol.GetHostStats(), ProbeBound);
                return true;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return false;
            }
        }));
        return Keep(members, i => answers[i]);
    }

    private static readonly TimeSpan ProbeBound = TimeSpan.FromSeconds(2);

    private static string Describe(ComputeMembers members) => string.Join(", ", members.Hosts.Select(h => h.Path.Address));

    /// <summary>
    /// Asks the cluster for its members (up, reachable, compute) until it lists no lost incarnation and
    /// as many members as before the loss (a restarted member back), or for twice the engine's timeout;
    /// places new sessions on every answer's members that were not lost.
    /// </summary>
    private async Task RefreshAsync(int before)
    {
        try
        {
            var until = DateTime.UtcNow + 2 * _timeout;
            while (!_stopped && DateTime.UtcNow < until)
            {
                try
                {
                    var answer = await Refresh!();
                    var live = await ReachableAsync(Without(answer, IsLost));
                    if (live.Hosts.Length > 0 && !live.Hosts.SequenceEqual(_current.Hosts))
                    {
                        lock (_lock) _current = live;
                        _trusted.Add(live.Hosts.Select(h => h.Path.Address));
                        _monitor.Tell(new MemberMonitor.Watch(live));
                        _log.Info("compute members now: {0}", Describe(live));
                    }
                    if (live.Hosts.Length == answer.Hosts.Length && live.Hosts.Length >= before) return;
                }
                catch (Exception e) when (e is TimeoutException or AskTimeoutException or AutogradException)
                {
                    _log.Debug("asking the cluster for its members again after a loss: {0}", e.Message);
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }
}
