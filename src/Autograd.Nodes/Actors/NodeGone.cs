using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// Answers a message for a node that has no actor to handle it — its actor was stopped by something
/// other than its host, or there are too many nodes waiting for their definition to create one —
/// so that whoever waits on it learns at once: an asker gets a failure naming the node, a
/// subscriber an input failure, a backward pass's tracker a pass failure. Values, failures and
/// gradients for such a node are dropped: nobody waits for an answer to them.
/// </summary>
internal static class NodeGone
{
    /// <summary>The op named in these failures: the host does not know the node's op.</summary>
    public const string Op = "unavailable";

    public static void Answer(INodeMessage message, IActorRef sender, string reason, IActorRef from)
    {
        var node = message.Node;
        switch (message)
        {
            case Subscribe subscribe:
                subscribe.Subscriber.Tell(new InputFailed(subscribe.SubscriberNode, node, Op, reason), from);
                break;
            case PassPlan plan:
                plan.Tracker.Tell(new PassFailed(plan.Pass, node, Op, reason), from);
                break;
            case INodeRequest request when !sender.IsNobody():
                sender.Tell(new RequestFailed(request.Request, node, Op, reason), from);
                break;
            case CreateLeaf or DefineNode or CreateDetached when !sender.IsNobody():
                sender.Tell(new Rejected(0, message.GetType().Name, reason), from);
                break;
        }
    }
}
