using Akka.Actor;
using MessagePack;

namespace Autograd.Protocol;

/// <summary>
/// The id of a graph node, assigned by the client: its session and a sequence number within it.
/// Because the client picks it, creating a node is one one-way message.
/// </summary>
public readonly record struct NodeId(Guid Session, long Seq)
{
    /// <summary>Short form for error messages: <c>#7@1a2b3c4d</c>.</summary>
    public override string ToString() => $"#{Seq}@{Session.ToString("N")[..8]}";
}

/// <summary>Where a node lives: the node host of its member and its id.</summary>
[MessagePackObject]
public sealed record NodeRef([property: Key(0)] IActorRef Host, [property: Key(1)] NodeId Id)
{
    public override string ToString() => Id.ToString();
}
