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
