using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One per backward pass, on the client's side. Completes the pass when every expected leaf
/// reported; fails it on the first <see cref="PassFailed"/>, when a host involved terminates,
/// or at the deadline (naming the leaves still missing). Replies once, then stops.
/// </summary>
internal sealed class BackwardTracker : UntypedActor
{
    private readonly long _pass;
    private readonly HashSet<NodeId> _pending;
    private readonly IActorRef[] _hosts;
    private readonly TimeSpan _timeout;
    private readonly TaskCompletionSource _done;
    private ICancelable? _deadline;

    public BackwardTracker(long pass, NodeId[] expectedLeaves, IActorRef[] hosts, TimeSpan timeout, TaskCompletionSource done)
    {
        _pass = pass;
        _pending = [.. expectedLeaves];
        _hosts = hosts;
        _timeout = timeout;
        _done = done;
    }

    public static Props Props(long pass, NodeId[] expectedLeaves, IActorRef[] hosts, TimeSpan timeout, TaskCompletionSource done) =>
        Akka.Actor.Props.Create(() => new BackwardTracker(pass, expectedLeaves, hosts, timeout, done));

    protected override void PreStart()
    {
        foreach (var host in _hosts) Context.Watch(host);
        _deadline = Context.System.Scheduler.ScheduleTellOnceCancelable(_timeout, Self, Deadline.Instance, Self);
        if (_pending.Count == 0) Finish(null);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case LeafDone done when done.Pass == _pass:
                if (_pending.Remove(done.Node) && _pending.Count == 0) Finish(null);
                break;
            case PassFailed failed when failed.Pass == _pass:
                Finish(new AutogradException(
                    $"backward failed at node {failed.Node} ({failed.Op}): {failed.Message}", failed.Node, failed.Op));
                break;
            case Terminated terminated:
                Finish(new AutogradException(
                    $"backward pass {_pass} failed: the node host {terminated.ActorRef.Path} (member {terminated.ActorRef.Path.Address}) terminated"));
                break;
            case Deadline:
                var missing = string.Join(", ", _pending.Take(10));
                Finish(new TimeoutException(
                    $"backward pass {_pass} did not complete within {_timeout.TotalSeconds:0.###} s; " +
                    $"{_pending.Count} leaves never reported: {missing}{(_pending.Count > 10 ? ", ..." : "")}"));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Finish(Exception? failure)
    {
        if (failure is null) _done.TrySetResult();
        else _done.TrySetException(failure);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _deadline?.Cancel();
        _done.TrySetException(new AutogradException($"backward pass {_pass} was abandoned: its tracker stopped (engine shutting down?)"));
    }

    private sealed class Deadline : INoSerializationVerificationNeeded
    {
        public static readonly Deadline Instance = new();
    }
}
