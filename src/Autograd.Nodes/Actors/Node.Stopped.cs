using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

// A node whose actor stops: whoever still waits on it is answered, however the actor was stopped.
internal sealed partial class Node
{
    /// <summary>
    /// The node's actor stopped: everyone still waiting on the node — askers and subscribers of a
    /// value not computed yet, backward passes planned here, requests stashed until a definition or
    /// value — gets a failure naming it now. Nothing is owed by a released node, so this is free then.
    /// </summary>
    public void Stopped()
    {
        if (_subscribers.Count == 0 && _stash is null && _gradients?.HasPlannedPass != true) return;
        var failure = new NodeFailure(id, _opName, $"node {id} ({_opName}) stopped before it could answer");
        _subscribers.Fail(failure, outbox);
        if (_gradients is not null)
            foreach (var pass in _gradients.TakePlanned())
                outbox.Tell(pass.Tracker!, failure.ToTracker(pass.Pass));
        var stashed = _stash;
        _stash = null;
        if (stashed is null) return;
        foreach (var (message, sender) in stashed)
        {
            switch (message)
            {
                case Subscribe subscribe:
                    outbox.Tell(subscribe.Subscriber, failure.ToSubscriber(subscribe.SubscriberNode));
                    break;
                case PassPlan plan:
                    outbox.Tell(plan.Tracker, failure.ToTracker(plan.Pass));
                    break;
                case INodeRequest request when !sender.IsNobody():
                    outbox.Tell(sender, failure.ToAsker(request.Request));
                    break;
            }
        }
    }
}
