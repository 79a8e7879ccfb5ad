using MessagePack;

namespace Autograd.Protocol;

/// <summary>Anyone → host: how many sessions it holds, how many node actors (its children) are alive, how many sessions it freed; replies <see cref="HostStats"/>.</summary>
[MessagePackObject]
public sealed record GetHostStats : IAutogradMessage;

/// <param name="Sessions">Sessions with node actors or an owner here.</param>
/// <param name="Nodes">Live node actors.</param>
/// <param name="FreedSessions">Freed sessions still remembered (so that late messages for them are rejected).</param>
/// <param name="Refused">Messages this member refused so far: from a sender the session does not belong to, without a sender, or over a limit.</param>
/// <param name="WaitingNodes">Node actors waiting for their definition now.</param>
/// <param name="PooledActors">Node actors whose nodes are done, kept for the next nodes.</param>
[MessagePackObject]
public sealed record HostStats(
    [property: Key(0)] int Sessions,
    [property: Key(1)] int Nodes,
    [property: Key(2)] int FreedSessions,
    [property: Key(3)] long Refused = 0,
    [property: Key(4)] int WaitingNodes = 0,
    [property: Key(5)] int PooledActors = 0) : IAutogradMessage;
