using MessagePack;

namespace Autograd.Protocol;

/// <summary>
/// Client → every host: stop all node actors of the session. The host remembers the session as
/// freed, so late messages for it are dropped instead of resurrecting nodes. Replies <see cref="SessionFreed"/>.
/// </summary>
[MessagePackObject]
public sealed record FreeSession([property: Key(0)] Guid Session) : IAutogradMessage;

[MessagePackObject]
public sealed record SessionFreed(
    [property: Key(0)] Guid Session,
    [property: Key(1)] int NodesStopped) : IAutogradMessage;

/// <summary>
/// Client → host: the client can no longer reach these nodes of <paramref name="Session"/> (their
/// variables were garbage-collected), so nobody will subscribe to them or ask for them again. Each
/// is dropped once it has answered the subscribers it has and finished the backward passes planned
/// for it. Sent by single-host clients only: on one host, everything that still needs a node
/// reaches it before this message does.
/// </summary>
[MessagePackObject]
public sealed record ReleaseNodes(
    [property: Key(0)] Guid Session,
    [property: Key(1)] long[] Seqs) : IAutogradMessage;
