using MessagePack;

namespace Autograd.Protocol;

/// <summary>Anyone → host: how many sessions and node actors it holds; replies <see cref="HostStats"/>.</summary>
[MessagePackObject]
public sealed record GetHostStats : IAutogradMessage;

[MessagePackObject]
public sealed record HostStats(
    [property: Key(0)] int Sessions,
    [property: Key(1)] int Nodes,
    [property: Key(2)] int FreedSessions) : IAutogradMessage;
