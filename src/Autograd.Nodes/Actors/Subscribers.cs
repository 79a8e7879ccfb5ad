using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// Who waits for a node's value: subscriber nodes (each with the input slot it fills) and
/// actors that asked for the value. Drained once, when the value or a failure is known; after
/// that the node answers newcomers at once.
/// </summary>
internal sealed class Subscribers
{
    private List<(NodeRef? Node, int Slot, IActorRef? Asker)>? _waiting;

    public int Count => _waiting?.Count ?? 0;

    public void AddNode(NodeRef node, int slot) => (_waiting ??= new(2)).Add((node, slot, null));

    public void AddAsker(IActorRef asker) => (_waiting ??= new(2)).Add((null, 0, asker));

    /// <summary>Sends the value to everyone waiting, in arrival order, and forgets them.</summary>
    public void Publish(NodeId self, Tensor value, INodeOutbox outbox)
    {
        if (_waiting is null) return;
        var waiting = _waiting;
        _waiting = null;
        foreach (var (node, slot, asker) in waiting)
        {
            if (node is not null) outbox.Send(node, new InputValue(node.Id, slot, value));
            else outbox.Tell(asker!, new NodeValue(self, value));
        }
    }

    /// <summary>Sends the failure to everyone waiting and forgets them.</summary>
    public void Fail(ValueFailed failure, INodeOutbox outbox)
    {
        if (_waiting is null) return;
        var waiting = _waiting;
        _waiting = null;
        foreach (var (node, _, asker) in waiting)
        {
            if (node is not null) outbox.Send(node, new InputFailed(node.Id, failure));
            else outbox.Tell(asker!, failure);
        }
    }
}
