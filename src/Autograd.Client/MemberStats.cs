namespace Autograd.Client;

/// <summary>What one member holds now (<see cref="AutogradEngine.MemberStatsAsync"/>).</summary>
/// <param name="Member">The member's address ("local" for an engine's own in-process member).</param>
/// <param name="Sessions">Sessions with nodes or an owner on the member.</param>
/// <param name="NodeActors">Live node actors: one per graph node or shard the member holds.</param>
/// <param name="PooledActors">Actors of finished nodes kept to serve the next nodes.</param>
/// <param name="WaitingNodes">Node actors waiting for their definition.</param>
/// <param name="Refused">Messages refused so far (from outsiders, or over a limit).</param>
public sealed record MemberStats(string Member, int Sessions, int NodeActors, int PooledActors, int WaitingNodes, long Refused);
