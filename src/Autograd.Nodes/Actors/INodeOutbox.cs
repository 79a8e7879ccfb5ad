using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// How a <see cref="Node"/> talks to the world. The node host implements it: a message for a node
/// on the same host is queued and delivered by the host itself (no mailbox hop), one for a node
/// elsewhere goes to that member's host, one for an actor (asker, tracker) is told to it.
/// </summary>
internal interface INodeOutbox
{
    /// <summary>The address other members use for the node <paramref name="id"/> of this host.</summary>
    NodeRef RefOf(NodeId id);

    /// <summary>To another node, wherever it lives.</summary>
    void Send(NodeRef to, INodeMessage message);

    /// <summary>To an actor: a client that asked, or a backward-pass tracker.</summary>
    void Tell(IActorRef to, object message);

    /// <summary>Something unexpected that is dropped (logged, never per message on the happy path).</summary>
    void Warn(string text);
}
