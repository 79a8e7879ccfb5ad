using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// How a <see cref="Node"/> talks to the world. Its <see cref="NodeActor"/> implements it (every
/// message leaves with the node's actor as sender); unit tests use a recording one.
/// </summary>
internal interface INodeOutbox
{
    /// <summary>The node's own actor: where subscribers' values and consumers' gradients come straight to.</summary>
    IActorRef Self { get; }

    /// <summary>To a node whose actor is not known yet: through the node host of its member, which routes by id.</summary>
    void Send(NodeRef to, INodeMessage message);

    /// <summary>To an actor: another node's actor, a client that asked, or a backward-pass tracker.</summary>
    void Tell(IActorRef to, object message);

    /// <summary>Something unexpected that is dropped (logged, never per message on the happy path).</summary>
    void Warn(string text);
}
