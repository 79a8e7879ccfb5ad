using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// Who waits for a node's value: subscriber nodes (each its actor, its id and the input slot it
/// fills) and actors that asked for the value (each with its request id). Drained once, when the
/// value or a failure is known; after that the node answers newcomers at once.
/// </summary>
internal sealed class Subscribers
{
    private List<Waiter>? _waiting;

    public int Count => _waiting?.Count ?? 0;

    public void AddNode(IActorRef actor, NodeId node, int slot) => (_waiting ??= new(2)).Add(new Waiter(actor, node, slot, 0));

    public void AddAsker(IActorRef asker, long request) => (_waiting ??= new(2)).Add(new Waiter(asker, null, 0, request));

    /// <summary>Sends the value to everyone waiting, in arrival order, and forgets them.</summary>
    public void Publish(NodeId self, Tensor value, INodeOutbox outbox)
    {
        if (_waiting is null) return;
        var waiting = _waiting;
        _waiting = null;
        foreach (var w in waiting)
        {
            if (w.Node is { } node) outbox.Tell(w.Actor, new InputValue(node, w.Slot, value));
            else outbox.Tell(w.Actor, new NodeValue(w.Request, self, value));
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
            if (w.Node is { } node) outbox.Tell(w.Actor, failure.ToSubscriber(node));
            else outbox.Tell(w.Actor, failure.ToAsker(w.Request));
        }
    }

    /// <summary>A subscriber node (with <see cref="Node"/>) or an asker (without).</summary>
    private readonly record struct Waiter(IActorRef Actor, NodeId? Node, int Slot, long Request);
}
