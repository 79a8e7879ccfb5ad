using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One per client: follows every backward pass the client started. A pass completes when each
/// expected leaf reported; it fails on the first <see cref="PassFailed"/>, when a host involved
/// terminates (naming the member), or at its deadline (naming the leaves still missing). Each pass
/// is answered once. One long-lived actor rather than one per pass: starting an actor costs more
/// than a small pass.
/// </summary>
internal sealed class BackwardTracker : UntypedActor
{
    private readonly TimeSpan _timeout;
    private readonly Dictionary<long, PassProgress> _passes = new();
    private readonly HashSet<IActorRef> _watched = new();

    public BackwardTracker(TimeSpan timeout) => _timeout = timeout;

    public static Props Props(TimeSpan timeout) => Akka.Actor.Props.Create(() => new BackwardTracker(timeout));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case LeafDone done:
                if (_passes.TryGetValue(done.Pass, out var progress) && progress.Report(done.Node)) Forget(progress);
                break;
            case TrackPass track:
                Start(track);
                break;
            case PassFailed failed:
                if (_passes.TryGetValue(failed.Pass, out var failing))
                {
                    failing.Fail(new AutogradException(
                        $"backward failed at node {failed.Node} ({failed.Op}): {failed.Message}", failed.Node, failed.Op));
                    Forget(failing);
                }
                break;
            case PassDeadline deadline:
                if (_passes.TryGetValue(deadline.Pass, out var late))
                {
                    late.TimedOut(_timeout);
                    Forget(late);
                }
                break;
            case Terminated terminated:
                HostTerminated(terminated.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Start(TrackPass track)
    {
        var progress = new PassProgress(track.Pass, track.ExpectedLeaves, track.Hosts, track.Done);
        if (progress.Complete()) return;
        foreach (var host in track.Hosts)
            if (_watched.Add(host)) Context.Watch(host);
        progress.Deadline = Context.System.Scheduler.ScheduleTellOnceCancelable(_timeout, Self, new PassDeadline(track.Pass), Self);
        _passes.Add(track.Pass, progress);
    }

    private void HostTerminated(IActorRef host)
    {
        _watched.Remove(host);
        foreach (var progress in _passes.Values.Where(p => p.Hosts.Contains(host)).ToList())
        {
            progress.Fail(new AutogradException(
                $"backward pass {progress.Pass} failed: the node host {host.Path} (member {host.Path.Address}) terminated"));
            Forget(progress);
        }
    }

    private void Forget(PassProgress progress)
    {
        progress.Deadline?.Cancel();
        _passes.Remove(progress.Pass);
    }

    protected override void PostStop()
    {
        foreach (var progress in _passes.Values)
            progress.Fail(new AutogradException($"backward pass {progress.Pass} was abandoned: the engine is shutting down"));
        _passes.Clear();
    }

    /// <summary>
    /// Client → its own tracker, before the plans are sent: follow this pass. Local only (it
    /// carries the task to complete), so it never needs serializing.
    /// </summary>
    internal sealed record TrackPass(long Pass, NodeId[] ExpectedLeaves, IActorRef[] Hosts, TaskCompletionSource Done)
        : INoSerializationVerificationNeeded;

    private sealed record PassDeadline(long Pass) : INoSerializationVerificationNeeded;
}
