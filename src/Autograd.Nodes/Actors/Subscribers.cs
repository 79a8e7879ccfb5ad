using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// Who waits for a node's value: subscriber nodes (each with the input slot it fills) and actors
/// that asked for the value (each with its request id). Drained once, when the value or a failure
/// is known; after that the node answers newcomers at once.
/// </summary>
internal sealed class Subscribers
{
    private List<Waiter>? _waiting;

    public int Count => _waiting?.Count ?? 0;

    public void AddNode(NodeRef node, int slot) => (_waiting ??= new(2)).Add(new Waiter(node, slot, null, 0));

    public void AddAsker(IActorRef asker, long request) => (_waiting ??= new(2)).Add(new Waiter(null, 0, asker, request));

    /// <summary>Sends the value to everyone waiting, in arrival order, and forgets them.</summary>
    public void Publish(NodeId self, Tensor value, INodeOutbox outbox)
    {
        if (_waiting is null) return;
        var waiting = _waiting;
        _waiting = null;
        foreach (var w in waiting)
        {
            if (w.Node is not null) outbox.Send(w.Node, new InputValue(w.Node.Id, w.Slot, value));
            else outbox.Tell(w.Asker!, new NodeValue(w.Request, self, value));
        }
    }

    /// <summary>Sends the failure to everyone waiting and forgets them.</summary>
    public void Fail(NodeFailure failure, INodeOutbox outbox)
    {
        if (_waiting is null) return;
        var waiting = _waiting;
        _waiting = null;
        foreach (var w in waiting)
        {
            if (w.Node is not null) outbox.Send(w.Node, failure.ToSubscriber(w.Node.Id));
            else outbox.Tell(w.Asker!, failure.ToAsker(w.Request));
        }
    }

    private readonly record struct Waiter(NodeRef? Node, int Slot, IActorRef? Asker, long Request);
}
