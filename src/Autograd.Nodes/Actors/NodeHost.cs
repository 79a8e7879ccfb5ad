using Akka.Actor;
using Akka.Event;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One per member, at <c>/user/autograd-nodes</c>, on the compute dispatcher. Creates the member's
/// node actors (<see cref="NodeActor"/>, unnamed children built from one cached <see cref="Props"/>),
/// routes every <see cref="INodeMessage"/> that names a node to its actor (creating one that waits
/// for its definition when a message overtakes the creation), fans a <see cref="BackwardPlan"/> out
/// to its node actors, and stops a session's node actors when the session is freed.
/// <para>
/// Only messages whose sender does not know the target's actor come here: the client's, and a
/// node's subscription to an input on another member. The host subscribes a node it defines to its
/// inputs on this host itself; a node learns each input's actor from the sender of its value, so
/// values and gradients go from node actor to node actor without this host. Released nodes
/// (<see cref="ReleaseNodes"/>) stop themselves once done; the host forgets them when they have terminated
/// (told by its <see cref="ChildTerminationStrategy"/>, without watching each node actor).
/// </para>
/// </summary>
internal sealed class NodeHost : UntypedActor
{
    private readonly Props _nodeProps;
    private readonly Dictionary<Guid, Dictionary<long, IActorRef>> _sessions = new();
    // Freed sessions are remembered so late messages are rejected instead of resurrecting nodes.
    private readonly HashSet<Guid> _freed = new();
    // Node actors of freed sessions that have not terminated yet, and whom to tell when they have.
    // Keyed by reference: Akka reports a terminated child with the very ref ActorOf returned, and an
    // actor ref's own hash walks its path (ActorPath.GetHashCode showed in profiles of freeing).
    private readonly Dictionary<IActorRef, Freeing> _stopping = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Guid, Freeing> _freeing = new();
    // Released node actors that have not stopped yet.
    private readonly Dictionary<IActorRef, NodeId> _released = new(ReferenceEqualityComparer.Instance);
    // Releases that overtook their node's definition (a large leaf travels in chunks through the
    // wire's assembler, one hop longer than the client's release): applied when the definition comes.
    private readonly HashSet<NodeId> _releasedBeforeDefinition = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _self;
    private readonly TimeSpan _timeout;
    // Aggregators of requests about several parameters (ParameterBatch), also children of the host.
    private readonly HashSet<IActorRef> _batches = new(ReferenceEqualityComparer.Instance);

    // Most traffic is for one session at a time: skip the outer lookup.
    private Guid _lastSession;
    private Dictionary<long, IActorRef>? _lastNodes;

    public NodeHost(TimeSpan timeout)
    {
        // Node actors send to other members through the wire, which chunks tensors larger than one frame.
        _nodeProps = NodeActor.Props(timeout, Wire.AutogradWire.Get(Context.System));
        _self = Self;
        _timeout = timeout;
    }

    public static Props Props(TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new NodeHost(timeout)).WithDispatcher(AutogradConfig.ComputeDispatcher);

    protected override void OnReceive(object message)
    {
        var sender = Sender;
        switch (message)
        {
            case CreateBatch batch:
                foreach (var op in batch.Ops) Define(op.Node, op, op.Inputs, sender);
                foreach (var subscribe in batch.Subscriptions) Route(subscribe, sender);
                break;
            case CreateDetached detached:
                Define(detached.Node, detached, [detached.Source], sender);
                break;
            case CreateLeaf leaf:
                Route(leaf, sender);
                ReleaseIfReleasedBefore(leaf.Node);
                break;
            case INodeMessage toNode:
                Route(toNode, sender);
                break;
            case BackwardPlan plan:
                FanOut(plan);
                break;
            case StepParameters step:
                FanOut(step, step.Seqs, id => new StepParameter(id, step.Request, step.Optimizer), sender);
                break;
            case ZeroGrads zero:
                FanOut(zero, zero.Seqs, id => new ZeroGrad(id, zero.Request), sender);
                break;
            case ReleaseNodes release:
                Release(release);
                break;
            case FreeSession free:
                Free(free.Session, sender);
                break;
            case GetHostStats:
                sender.Tell(new HostStats(_sessions.Count, Context.GetChildren().Count() - _batches.Count, _freed.Count), _self);
                break;
            case Rejected rejected:
                _log.Warning("rejected by {0}: {1} ({2})", sender, rejected.Reason, rejected.MessageType);
                break;
            default:
                Reject(message, sender, $"the node host does not handle {message.GetType().Name}");
                break;
        }
    }

    /// <summary>Akka tells the strategy of every child that terminated: the host needs no watch per node actor.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new ChildTerminationStrategy(NodeStopped);

    /// <summary>
    /// An op or detached node: its actor gets the definition, then the host subscribes it to its
    /// inputs on this host (so each subscription reaches the input before any later release of it).
    /// </summary>
    private void Define(NodeId id, object definition, NodeRef[] inputs, IActorRef sender)
    {
        var nodes = NodesOf(id.Session);
        if (nodes is null)
        {
            Reject(definition, sender, $"the session of node {id} was freed");
            return;
        }
        var subscribed = new IActorRef?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].Id.Session == id.Session && IsSelf(inputs[i].Host))
                subscribed[i] = ActorOf(nodes, inputs[i].Id.Seq);
        var node = ActorOf(nodes, id.Seq);
        node.Tell(definition is CreateOp op
            ? new DefineNode(op, null, subscribed)
            : new DefineNode(null, (CreateDetached)definition, subscribed), sender);
        // After the definition: an input's value then always finds the node defined.
        for (int i = 0; i < subscribed.Length; i++)
            subscribed[i]?.Tell(new Subscribe(inputs[i].Id, node, id, i), node);
        ReleaseIfReleasedBefore(id);
    }

    /// <summary>
    /// Nodes the client can no longer reach: each node actor is told, and stops itself once it has
    /// served what it still owes; the host forgets it when it has terminated.
    /// </summary>
    private void Release(ReleaseNodes release)
    {
        if (NodesOf(release.Session) is not { } nodes) return;  // the whole session is gone already
        foreach (var seq in release.Seqs)
        {
            if (!nodes.TryGetValue(seq, out var actor)) _releasedBeforeDefinition.Add(new NodeId(release.Session, seq));
            else if (!_released.ContainsKey(actor)) ReleaseActor(actor, new NodeId(release.Session, seq), release);
        }
    }

    /// <summary>The node actor ignores which nodes <paramref name="release"/> names: it is told because it is one.</summary>
    private void ReleaseActor(IActorRef actor, NodeId node, ReleaseNodes release)
    {
        _released.Add(actor, node);
        actor.Tell(release, _self);
    }

    /// <summary>A definition just delivered whose release came first: the node is released now, after it.</summary>
    private void ReleaseIfReleasedBefore(NodeId node)
    {
        if (_releasedBeforeDefinition.Count == 0 || !_releasedBeforeDefinition.Remove(node)) return;
        if (NodesOf(node.Session) is { } nodes && nodes.TryGetValue(node.Seq, out var actor) && !_released.ContainsKey(actor))
            ReleaseActor(actor, node, new ReleaseNodes(node.Session, [node.Seq]));
    }

    private void Route(INodeMessage message, IActorRef sender)
    {
        var nodes = NodesOf(message.Node.Session);
        if (nodes is null) Reject(message, sender, $"the session of node {message.Node} was freed");
        else ActorOf(nodes, message.Node.Seq).Tell(message, sender);
    }

    /// <summary>One <see cref="PassPlan"/> per node actor, from the tracker.</summary>
    private void FanOut(BackwardPlan plan)
    {
        if (plan.Seqs.Length != plan.Counts.Length)
        {
            plan.Tracker.Tell(new PassFailed(plan.Pass, default, "plan",
                $"backward plan {plan.Pass} has {plan.Seqs.Length} nodes but {plan.Counts.Length} counts"), _self);
            return;
        }
        var nodes = NodesOf(plan.Session);
        if (nodes is null)
        {
            plan.Tracker.Tell(new PassFailed(plan.Pass, new NodeId(plan.Session, 0), "plan", "the session was freed"), _self);
            return;
        }
        for (int i = 0; i < plan.Seqs.Length; i++)
        {
            var id = new NodeId(plan.Session, plan.Seqs[i]);
            ActorOf(nodes, id.Seq).Tell(new PassPlan(id, plan.Pass, plan.Counts[i], plan.RetainGraph, plan.Tracker), plan.Tracker);
        }
        if (plan.Seed is not null) Route(plan.Seed, _self);  // after the counts: one message starts the pass
    }

    /// <summary>
    /// One request per parameter node, all answered to one <see cref="ParameterBatch"/>, which
    /// replies to <paramref name="requester"/> once.
    /// </summary>
    private void FanOut(IHostRequest request, long[] seqs, Func<NodeId, INodeRequest> share, IActorRef requester)
    {
        var nodes = NodesOf(request.Session);
        if (nodes is null || seqs.Length == 0)
        {
            Reject(request, requester, nodes is null ? $"the session {request.Session} was freed" : "the request names no parameters");
            return;
        }
        var batch = Context.ActorOf(ParameterBatch.Props(requester, request.Request, seqs.Length, _timeout));
        _batches.Add(batch);
        foreach (var seq in seqs)
            ActorOf(nodes, seq).Tell(share(new NodeId(request.Session, seq)), batch);
    }

    /// <summary>
    /// The actor of node <paramref name="seq"/>, created if new. A new actor learns its id from the
    /// first message it gets; one created for anything but its definition waits for it, with a deadline.
    /// </summary>
    private IActorRef ActorOf(Dictionary<long, IActorRef> nodes, long seq)
    {
        if (!nodes.TryGetValue(seq, out var actor))
        {
            actor = Context.ActorOf(_nodeProps);
            nodes.Add(seq, actor);
        }
        return actor;
    }

    private Dictionary<long, IActorRef>? NodesOf(Guid session)
    {
        if (_lastNodes is not null && session == _lastSession) return _lastNodes;
        if (!_sessions.TryGetValue(session, out var nodes))
        {
            if (_freed.Contains(session)) return null;
            nodes = new Dictionary<long, IActorRef>();
            _sessions.Add(session, nodes);
        }
        _lastSession = session;
        _lastNodes = nodes;
        return nodes;
    }

    /// <summary>Stops the session's node actors; <see cref="SessionFreed"/> goes out once all have terminated.</summary>
    private void Free(Guid session, IActorRef requester)
    {
        _freed.Add(session);
        if (_releasedBeforeDefinition.Count > 0) _releasedBeforeDefinition.RemoveWhere(n => n.Session == session);
        if (session == _lastSession) _lastNodes = null;
        if (_freeing.TryGetValue(session, out var inProgress))
        {
            inProgress.Requesters.Add(requester);
            return;
        }
        if (!_sessions.Remove(session, out var nodes) || nodes.Count == 0)
        {
            requester.Tell(new SessionFreed(session, 0), _self);
            return;
        }
        var freeing = new Freeing(session, nodes.Count) { Requesters = { requester } };
        _freeing.Add(session, freeing);
        // Each node actor stops itself (PoisonPill) rather than being stopped by the host: the host's
        // children container then never turns "terminating", whose immutable set of dying children
        // cost a set update per node on the way in and out. No watch: the host learns of each
        // termination through its ChildTerminationStrategy.
        foreach (var actor in nodes.Values)
        {
            _stopping.Add(actor, freeing);
            actor.Tell(PoisonPill.Instance, _self);
        }
    }

    /// <summary>A node actor terminated (called by Akka on the host's thread, from its supervisor strategy).</summary>
    private void NodeStopped(IActorRef actor)
    {
        if (_batches.Remove(actor)) return;
        if (_released.Remove(actor, out var released) && _sessions.TryGetValue(released.Session, out var nodes))
            nodes.Remove(released.Seq);
        if (!_stopping.Remove(actor, out var freeing) || --freeing.Remaining > 0) return;
        _freeing.Remove(freeing.Session);
        foreach (var requester in freeing.Requesters)
            if (!requester.IsNobody()) requester.Tell(new SessionFreed(freeing.Session, freeing.Stopped), _self);
    }

    private bool IsSelf(IActorRef host) => ReferenceEquals(host, _self) || host.Equals(_self);

    private void Reject(object message, IActorRef sender, string reason)
    {
        _log.Warning("{0}: dropping {1}", reason, message.GetType().Name);
        if (message is not Rejected && !sender.IsNobody() && !sender.Equals(_self))
            sender.Tell(new Rejected(RequestOf(message), message.GetType().Name, reason), _self);
    }

    private static long RequestOf(object message) => message switch
    {
        INodeRequest r => r.Request,
        IHostRequest r => r.Request,
        _ => 0,
    };

    /// <summary>A session whose node actors are stopping.</summary>
    private sealed class Freeing(Guid session, int stopped)
    {
        public Guid Session { get; } = session;
        public int Stopped { get; } = stopped;
        public int Remaining { get; set; } = stopped;
        public List<IActorRef> Requesters { get; } = [];
    }
}
