using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace Autograd.Client.Cluster;

/// <summary>
/// The engine's view of its members: the node hosts new sessions are placed on, which of them
/// were lost, and (when the engine can ask the cluster) a refresh of the list once a lost member
/// is gone, so new sessions go to the survivors while sessions on the lost member fail.
/// </summary>
internal sealed class MemberTracker
{
    private readonly ConcurrentDictionary<IActorRef, TaskCompletionSource<string>> _lost = new();
    private readonly IActorRef _monitor;
    private readonly ILoggingAdapter _log;
    private readonly TimeSpan _timeout;
    private volatile IReadOnlyList<IActorRef> _hosts;
    private volatile bool _stopped;
    private int _refreshing;

    private readonly Access.MemberAddresses _trusted;

    /// <param name="trusted">The engine's trusted members: a refresh adds the hosts it finds.</param>
    public MemberTracker(ActorSystem system, IReadOnlyList<IActorRef> hosts, TimeSpan timeout, Access.MemberAddresses trusted)
    {
        _hosts = hosts;
        _trusted = trusted;
        _timeout = timeout;
        _log = Logging.GetLogger(system, typeof(MemberTracker));
        _monitor = system.ActorOf(MemberMonitor.Props(this));
        _monitor.Tell(new MemberMonitor.Watch([.. hosts]));
    }

    /// <summary>The node hosts of the up compute members, in placement order, as last known.</summary>
    public IReadOnlyList<IActorRef> Hosts => _hosts;

    /// <summary>Asks the cluster for its compute members again; null when the engine cannot (embedded single member).</summary>
    public Func<Task<IActorRef[]>>? Refresh { get; set; }

    /// <summary>Completes with the address of the first of <paramref name="hosts"/> to be lost.</summary>
    public Task<string> FirstLost(IReadOnlyList<IActorRef> hosts) =>
        hosts.Count == 1 ? LostTask(hosts[0]) : Task.WhenAny(hosts.Select(LostTask)).Unwrap();

    /// <summary>Told by the monitor: <paramref name="host"/>'s member left, crashed or was downed.</summary>
    public void Lost(IActorRef host, string address)
    {
        _lost.GetOrAdd(host, _ => NewCompletion()).TrySetResult(address);
        if (Refresh is not null && !_stopped && Interlocked.Exchange(ref _refreshing, 1) == 0)
            _ = RefreshAsync();
    }

    public void Stop()
    {
        _stopped = true;
        _monitor.Tell(PoisonPill.Instance);
    }

    private Task<string> LostTask(IActorRef host) => _lost.GetOrAdd(host, _ => NewCompletion()).Task;

    private bool IsLost(IActorRef host) => _lost.TryGetValue(host, out var lost) && lost.Task.IsCompleted;

    private static TaskCompletionSource<string> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Polls the cluster until it no longer lists a lost member (the split brain resolver
    /// has downed it, or it left), then places new sessions on what it lists.</summary>
    private async Task RefreshAsync()
    {
        try
        {
            var until = DateTime.UtcNow + 2 * _timeout;
            while (!_stopped && DateTime.UtcNow < until)
            {
                try
                {
                    var hosts = await Refresh!();
                    if (hosts.Length > 0 && !hosts.Any(IsLost))
                    {
                        _trusted.Add(hosts.Select(h => h.Path.Address));
                        _hosts = hosts;
                        _monitor.Tell(new MemberMonitor.Watch(hosts));
                        _log.Info("compute members now: {0}", string.Join(", ", hosts.Select(h => h.Path.Address)));
                        return;
                    }
                }
                catch (Exception e) when (e is TimeoutException or AskTimeoutException)
                {
                    _log.Debug("asking the cluster for its members again after a loss: {0}", e.Message);
                }
                await Task.Delay(500);
            }
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }
}
