using Akka.Actor;
using Autograd.Protocol;
using MessagePack;

namespace Autograd.Wire;

/// <summary>
/// One piece of a message too large for one remoting frame: sender's wire → receiver's
/// <see cref="ChunkAssembler"/>, which reassembles the serialized bytes of
/// <paramref name="Manifest"/> and delivers the message to <paramref name="Target"/> as if the
/// chunks' sender had sent it. Every chunk is sent with the message's sender as its own;
/// <paramref name="OriginalSender"/> repeats it, and a chunk whose sender differs is refused.
/// </summary>
/// <param name="Transfer">Identifies the message among concurrent transfers.</param>
/// <param name="Offset">Where <paramref name="Part"/> goes in the message's bytes.</param>
/// <param name="TotalBytes">The size of the whole serialized message.</param>
[MessagePackObject]
public sealed record WireChunk(
    [property: Key(0)] Guid Transfer,
    [property: Key(1)] long Offset,
    [property: Key(2)] long TotalBytes,
    [property: Key(3)] string Manifest,
    [property: Key(4)] IActorRef Target,
    [property: Key(5)] IActorRef? OriginalSender,
    [property: Key(6)] byte[] Part) : IAutogradMessage;
