using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// Who waits for a node's value: subscriber nodes (each with the input slot it fills) and
/// clients that asked for the value. Drained once, when the value or a failure is known;
/// after that the node answers newcomers at once.
/// </summary>
internal sealed class Subscribers
{
    /// <summary>Slot of a client that asked with <see cref="GetValue"/>: it gets a <see cref="NodeValue"/>.</summary>
    public const int Asker = -1;

    private List<(IActorRef Who, int Slot)>? _waiting;

    public int Count => _waiting?.Count ?? 0;

    public void Add(IActorRef who, int slot) => (_waiting ??= new List<(IActorRef, int)>(2)).Add((who, slot));

    /// <summary>Sends the value to everyone waiting (in arrival order) and forgets them.</summary>
    public void Publish(NodeId node, Tensor value, Action<IActorRef, object> send)
    {
        if (_waiting is null) return;
        foreach (var (who, slot) in _waiting)
            send(who, slot == Asker ? new NodeValue(node, value) : new InputValue(slot, value));
        _waiting = null;
    }

    /// <summary>Sends the failure to everyone waiting and forgets them.</summary>
    public void Fail(ValueFailed failure, Action<IActorRef, object> send)
    {
        if (_waiting is null) return;
        foreach (var (who, _) in _waiting) send(who, failure);
        _waiting = null;
    }
}
