using Akka.Actor;

namespace Autograd.Actors;

/// <summary>
/// Akka's default supervision (one-for-one, the default decider) that also tells its actor when a
/// child has terminated. Akka removes a terminated child from its parent's children and calls this
/// strategy whether or not the parent watches the child, on the parent's own thread, so the
/// <see cref="NodeHost"/> learns that a node actor stopped without a <c>Watch</c> per node actor:
/// each watch cost a system message to the child, an entry in both actors' watch sets and a
/// <c>Terminated</c> message through the host's mailbox on top of the notification Akka sends the
/// parent anyway.
/// </summary>
internal sealed class ChildTerminationStrategy(Action<IActorRef> childTerminated)
    : OneForOneStrategy(SupervisorStrategy.DefaultDecider)
{
    public override void HandleChildTerminated(IActorContext actorContext, IActorRef child, IEnumerable<IInternalActorRef> children) =>
        childTerminated(child);
}
