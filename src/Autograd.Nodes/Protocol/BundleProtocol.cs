using MessagePack;

namespace Autograd.Protocol;

/// <summary>
/// Client → host: several of one session's messages to the same host, in the order they were made,
/// as one message. The host handles each as if it had come alone from the bundle's sender, so every
/// check a lone message passes applies to each. A training step's optimizer step, the next zero-grad,
/// the forward graph and the backward plan then cross the network once: each message across members
/// costs two processes tens of microseconds of CPU and a few thread wake-ups.
/// <para>
/// Host → the sender of a backward plan (the client's reply inbox): the replies to its optimizer requests
/// that the host held while it gathered the pass's leaves, then the pass's <see cref="LeavesDone"/> or
/// <see cref="PassFailed"/>, which the inbox hands to its tracker: the step's one message back.
/// </para>
/// <para>
/// Only small messages travel bundled (a tensor that needs the bulk path goes alone), a bundle holds
/// at most <see cref="MaxMessages"/> of them, and never another bundle.
/// </para>
/// </summary>
[MessagePackObject]
[MessagePackFormatter(typeof(Serialization.BundleFormatter))]
public sealed record Bundle([property: Key(0)] IAutogradMessage[] Messages) : IAutogradMessage
{
    /// <summary>Messages in one bundle at most: a client bundles fewer, a host refuses a bundle of more.</summary>
    public const int MaxMessages = 64;

    /// <summary>One message for <paramref name="messages"/> (at least one): the message itself when it is alone, else a bundle of them.</summary>
    public static IAutogradMessage Of(IReadOnlyList<IAutogradMessage> messages) =>
        messages.Count == 1 ? messages[0] : new Bundle([.. messages]);
}
