using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Cluster;
using Autograd.Protocol;

namespace Autograd.Actors;

// Who the host takes session messages from (SessionGate), and how it refuses: counted, logged at
// most once per sender per interval, answered.
internal sealed partial class NodeHost
{
    /// <summary>
    /// The session <paramref name="id"/> if <paramref name="sender"/> may send <paramref name="message"/>
    /// for it (created if a trusted sender names it first), else null with the message refused.
    /// </summary>
    private HostSession? Admit(Guid id, object message, IActorRef sender)
    {
        var session = _last is { } last && last.Id == id ? last : _sessions.GetValueOrDefault(id);
        if (session is null && _freed.Contains(id))
        {
            if (message is BackwardPlan plan && plan.Tracker.Path.Address.Equals(sender.Path.Address))
                plan.Tracker.Tell(new PassFailed(plan.Pass, new NodeId(plan.Session, 0), "plan", "the session was freed"), _self);
            else Reject(message, sender, $"the session {id} was freed");
            return null;
        }
        var admission = _gate.Admit(session, sender, message);
        if (admission != Admission.Admitted)
        {
            Refuse(message, sender, SessionGate.Explain(admission, id, sender));
            return null;
        }
        if (session is null) _sessions.Add(id, session = new HostSession(id));
        if (session.Owner is null && _gate.Claim(session, sender, message)) _access.SetOutsideOwner(id, session.Owner!);
        return _last = session;
    }

    /// <summary>A remote client claims its session (its first message to this member); the client watcher frees it if the client goes away.</summary>
    private void Open(OpenSession open, IActorRef sender)
    {
        if (!sender.IsNobody() && !open.Client.Path.Address.Equals(sender.Path.Address))
        {
            Refuse(open, sender, "a client opens sessions for itself only");
            return;
        }
        if (Admit(open.Session, open, sender) is not null) _clients?.Tell(new ClientWatcher.Watch(open.Session, open.Client), _self);
    }

    /// <summary>A subscription connects two nodes of one session: a node never sends its value into another session.</summary>
    private bool OneSession(INodeMessage message, IActorRef sender)
    {
        if (message is not Subscribe subscribe || subscribe.SubscriberNode.Session == subscribe.Node.Session) return true;
        Refuse(message, sender, $"node {subscribe.SubscriberNode} cannot subscribe to node {subscribe.Node} of another session");
        return false;
    }


    /// <summary>Refused for who sent it (or over a limit): counted, logged at most once per sender per interval, answered.</summary>
    private void Refuse(object message, IActorRef sender, string reason)
    {
        _access.Refusals.Refuse(sender, message.GetType().Name, reason);
        Answer(message, sender, reason);
    }

    private void Reject(object message, IActorRef sender, string reason)
    {
        _log.Warning("{0}: dropping {1}", reason, message.GetType().Name);
        Answer(message, sender, reason);
    }

    private void Answer(object message, IActorRef sender, string reason)
    {
        if (message is not Rejected && !sender.IsNobody() && !sender.Equals(_self))
            sender.Tell(new Rejected(RequestOf(message), message.GetType().Name, reason), _self);
    }

    private static long RequestOf(object message) => message switch
    {
        INodeRequest r => r.Request,
        IHostRequest r => r.Request,
        _ => 0,
    };
}
