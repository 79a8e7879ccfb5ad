using MessagePack;

namespace Autograd.Protocol;

/// <summary>Anyone → host: how many sessions it holds, how many node actors (its children) are alive, how many sessions it freed; replies <see cref="HostStats"/>.</summary>
[MessagePackObject]
public sealed record GetHostStats : IAutogradMessage;

[MessagePackObject]
public sealed record HostStats(
    [property: Key(0)] int Sessions,
    [property: Key(1)] int Nodes,
    [property: Key(2)] int FreedSessions) : IAutogradMessage;
