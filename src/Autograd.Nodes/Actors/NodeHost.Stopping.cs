using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Cluster;
using Autograd.Protocol;

namespace Autograd.Actors;

// Node actors going away: freeing a session, nodes that stopped at their deadline or after their
// release, and node actors stopped by anything but the host (lost: messages for them are answered
// with a failure).
internal sealed partial class NodeHost
{
    /// <summary>Stops the session's node actors; <see cref="SessionFreed"/> goes out once all have terminated.</summary>
    private void Free(FreeSession free, IActorRef requester)
    {
        var id = free.Session;
        if (_freeing.TryGetValue(id, out var inProgress))
        {
            if (inProgress.Session.Owner is null || _gate.Admit(inProgress.Session, requester, free) == Admission.Admitted)
                inProgress.Requesters.Add(requester);
            else Refuse(free, requester, SessionGate.Explain(Admission.NotOwner, id, requester));
            return;
        }
        if (_freed.Contains(id))
        {
            if (!requester.IsNobody()) requester.Tell(new SessionFreed(id, 0), _self);
            return;
        }
        if (Admit(id, free, requester) is not { } session) return;
        _sessions.Remove(id);
        _freed.Add(id);
        _gate.Forget(session);
        _leafReports.Forget(id);
        ReleaseHeld(to => !_leafReports.GathersFor(to));   // held for a pass that will not report now
        _access.Forget(id);
        _clients?.Tell(new ClientWatcher.Forget(id), _self);
        if (_releasedBeforeDefinition.Count > 0) _releasedBeforeDefinition.RemoveWhere(n => n.Session == id);
        if (ReferenceEquals(session, _last)) _last = null;
        if (session.Nodes.Count == 0)
        {
            requester.Tell(new SessionFreed(id, 0), _self);
            return;
        }
        var freeing = new Freeing(session, session.Nodes.Count) { Requesters = { requester } };
        // As many node actors as the pool has room for let go of their nodes and come back to it (Retire,
        // answered with Recycled): the next session's nodes reuse them instead of paying for new actors.
        // The others stop themselves (PoisonPill) rather than being stopped by the host: the host's
        // children container then never turns "terminating", whose immutable set of dying children
        // cost a set update per node on the way in and out. No watch: the host learns of each
        // termination through its ChildTerminationStrategy. One that already stopped is not waited for.
        int room = PoolCapacity - _pool.Count - _retired.Count;
        foreach (var actor in session.Nodes.Values)
        {
            if (_strays.Count > 0 && _strays.Remove(actor))
            {
                freeing.Remaining--;
                continue;
            }
            _stopping.Add(actor, freeing);
            if (room-- > 0)
            {
                _retired.Add(actor);
                actor.Tell(NodeActor.Retire.Instance, _self);
            }
            else actor.Tell(PoisonPill.Instance, _self);
        }
        if (freeing.Remaining == 0) Freed(freeing, registered: false);
        else _freeing.Add(id, freeing);
    }

    /// <summary>A node actor terminated (called by Akka on the host's thread, from its supervisor strategy).</summary>
    private void NodeStopped(IActorRef actor)
    {
        if (_retiring.Remove(actor)) return;
        if (_pool.Remove(actor)) return;   // a pooled actor stopped by something else (rare): never handed out again
        bool expected = false;
        if (_waiting.Remove(actor, out var waiting))
        {
            // timed out waiting for its definition (or freed): forgotten, a later message may wait again
            waiting.Session.Waiting--;
            waiting.Session.Nodes.Remove(waiting.Seq);
            expected = true;
        }
        if (_released.Remove(actor, out var released))
        {
            if (_sessions.TryGetValue(released.Session, out var session)) session.Nodes.Remove(released.Seq);
            expected = true;
        }
        if (_stopping.Remove(actor, out var freeing))
        {
            if (--freeing.Remaining == 0) Freed(freeing);
            expected = true;
        }
        _retired.Remove(actor);
        // Found later, at no cost per stop (a system shutting down stops every node at once).
        if (!expected) _strays.Add(actor);
    }

    private void Freed(Freeing freeing, bool registered = true)
    {
        if (registered) _freeing.Remove(freeing.Session.Id);
        foreach (var requester in freeing.Requesters)
            if (!requester.IsNobody()) requester.Tell(new SessionFreed(freeing.Session.Id, freeing.Stopped), _self);
    }

    /// <summary>
    /// A node actor that nothing here stopped (a stop from outside, a crash) is gone: its node is
    /// lost, and messages for it are answered with a failure from now on. Its pending callers were
    /// answered by the actor itself as it stopped.
    /// </summary>
    private void MarkLost(HostSession session, long seq)
    {
        if (session.Nodes.Remove(seq, out var actor)) _strays.Remove(actor);
        session.MarkLost(seq);
        _log.Warning("the actor of node {0} was stopped by something other than its node host; messages for it are answered with a failure",
            new NodeId(session.Id, seq));
    }

    /// <summary>
    /// A message reached a node actor of this host after it stopped: unless the host stopped it (or
    /// it stopped at its definition deadline or after its release), the node is lost now; either way
    /// the message is answered as for a node that is gone.
    /// </summary>
    private void DeadLetter(DeadNodeLetters.Letter letter)
    {
        var id = letter.Message.Node;
        if (!_sessions.TryGetValue(id.Session, out var session) || _gate.Admit(session, letter.Sender, letter.Message) != Admission.Admitted)
            return;
        if (session.Nodes.TryGetValue(id.Seq, out var actor))
        {
            if (!ReferenceEquals(actor, letter.Recipient)) return;  // a live node: the letter went to some other ref
            if (!_waiting.ContainsKey(actor) && !_released.ContainsKey(actor)) MarkLost(session, id.Seq);
        }
        else if (!session.IsLost(id.Seq)) return;
        NodeGone.Answer(letter.Message, letter.Sender, $"node {id} stopped before it could handle {letter.Message.GetType().Name}", _self);
    }

    /// <summary>A session whose node actors are stopping.</summary>
    private sealed class Freeing(HostSession session, int stopped)
    {
        public HostSession Session { get; } = session;
        public int Stopped { get; } = stopped;
        public int Remaining { get; set; } = stopped;
        public List<IActorRef> Requesters { get; } = [];
    }
}
