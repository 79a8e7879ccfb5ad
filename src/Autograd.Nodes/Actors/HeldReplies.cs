using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// A node host's replies to a client's optimizer requests (an optimizer step, a zero-grad) held while a
/// backward pass whose plan that client sent is gathered on the host (<see cref="LeafReports"/>): a
/// success is nobody's signal to go on, so it waits for the pass's report and both go as one
/// <see cref="Bundle"/>. A training step then costs the client one message back instead of three.
/// Whatever is still held when its pass ends otherwise (the session freed) or at the host's next
/// periodic sweep goes out by itself, so nothing waits longer than one sweep.
/// </summary>
internal sealed class HeldReplies
{
    private readonly Dictionary<IActorRef, List<IAutogradMessage>> _held = new();

    public int Count => _held.Count;

    public void Hold(IActorRef to, IReply reply)
    {
        if (!_held.TryGetValue(to, out var replies)) _held.Add(to, replies = []);
        replies.Add(reply);
    }

    /// <summary>What is held for <paramref name="to"/>, no longer held; null if nothing is.</summary>
    public List<IAutogradMessage>? Take(IActorRef to) => _held.Remove(to, out var replies) ? replies : null;

    /// <summary>Everything held for those <paramref name="release"/> chooses, no longer held.</summary>
    public List<(IActorRef To, List<IAutogradMessage> Replies)> TakeWhere(Func<IActorRef, bool> release)
    {
        var taken = _held.Where(entry => release(entry.Key)).Select(entry => (entry.Key, entry.Value)).ToList();
        foreach (var (to, _) in taken) _held.Remove(to);
        return taken;
    }
}
