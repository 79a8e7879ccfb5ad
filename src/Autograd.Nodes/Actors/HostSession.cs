using Akka.Actor;

namespace Autograd.Actors;

/// <summary>What a node host keeps of one session: its node actors by sequence number, who it belongs to, and what went missing.</summary>
internal sealed class HostSession(Guid id)
{
    private HashSet<long>? _lost;

    public Guid Id { get; } = id;

    public Dictionary<long, IActorRef> Nodes { get; } = new();

    /// <summary>The actor system the session belongs to; null until a client message claims it (see <see cref="Access.SessionGate"/>).</summary>
    public Address? Owner { get; set; }

    /// <summary>The owner is a client outside the cluster, counted against its session limit.</summary>
    public bool OwnedByOutsider { get; set; }

    /// <summary>Node actors created by a message that overtook their definition, still waiting for it.</summary>
    public int Waiting { get; set; }

    /// <summary>A node whose actor was stopped by something other than its host: messages for it are answered with a failure.</summary>
    public bool IsLost(long seq) => _lost is not null && _lost.Contains(seq);

    public void MarkLost(long seq) => (_lost ??= []).Add(seq);
}
