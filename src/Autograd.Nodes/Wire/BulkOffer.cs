using Akka.Actor;
using Autograd.Protocol;
using MessagePack;

namespace Autograd.Wire;

/// <summary>
/// The control half of a message that travels on the bulk path: sender's wire → the receiving
/// system's <c>/system/autograd-wire</c> (<see cref="BulkReceiver"/>), sent with the message's sender
/// as its own. It announces the transfer; the receiver decides whether to take it, and if so
/// connects to the sender's bulk port (on the host of the offer's sender, never one the offer names),
/// pulls the bytes into buffers allocated once, and delivers the message to <paramref name="Target"/>
/// as from the offer's sender.
/// </summary>
/// <param name="Transfer">Random, so the bytes can be pulled only by whoever was offered them.</param>
/// <param name="Target">An actor of the receiving system.</param>
/// <param name="Manifest">The message's protocol manifest.</param>
/// <param name="Header">The message without its large tensors; empty when it travels in bulk (<paramref name="HeaderBytes"/>).</param>
/// <param name="HeaderBytes">The size of a header too large for a frame, sent first on the bulk connection; 0 when inline.</param>
/// <param name="SlotCounts">The elements (float32) of each tensor slot, in the order they stream after the header.</param>
/// <param name="Port">The sender's bulk port.</param>
/// <param name="Session">The session the message names, checked against the delivered message (empty when none).</param>
[MessagePackObject]
public sealed record BulkOffer(
    [property: Key(0)] Guid Transfer,
    [property: Key(1)] IActorRef Target,
    [property: Key(2)] string Manifest,
    [property: Key(3)] byte[] Header,
    [property: Key(4)] int HeaderBytes,
    [property: Key(5)] int[] SlotCounts,
    [property: Key(6)] int Port,
    [property: Key(7)] Guid Session) : IAutogradMessage
{
    /// <summary>Bytes on the bulk connection: the header when it is not inline, then every slot.</summary>
    [IgnoreMember]
    public long BulkBytes => HeaderBytes + SlotCounts.Sum(c => (long)c * sizeof(float));
}
