using Akka.Actor;
using Akka.Event;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One per member, at <c>/user/autograd-nodes</c>, on the compute dispatcher. Hosts the member's
/// graph nodes (<see cref="Node"/>, each a logical actor), routes every <see cref="INodeMessage"/>
/// to its node by id (creating a node that waits for its definition when a message overtakes the
/// creation), fans a <see cref="BackwardPlan"/> out, and frees a session's nodes on request.
/// Messages between nodes of this host go through a local queue drained after each incoming
/// message: no mailbox hop, no allocation beyond the message itself, and no deep recursion along
/// a long chain.
/// </summary>
internal sealed class NodeHost : UntypedActor, INodeOutbox
{
    private readonly TimeSpan _timeout;
    private readonly Dictionary<Guid, Dictionary<long, Node>> _sessions = new();
    // Freed sessions are remembered so late messages are dropped instead of resurrecting nodes.
    private readonly HashSet<Guid> _freed = new();
    private readonly Queue<INodeMessage> _local = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _self;
    // Sends to other members through the wire, which chunks tensors larger than one frame.
    private readonly Wire.AutogradWire _wire;

    // Most traffic is for one session at a time: skip the outer lookup.
    private Guid _lastSession;
    private Dictionary<long, Node>? _lastNodes;

    public NodeHost(TimeSpan timeout)
    {
        _timeout = timeout;
        _self = Self;
        _wire = Wire.AutogradWire.Get(Context.System);
    }

    public static Props Props(TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new NodeHost(timeout)).WithDispatcher(AutogradConfig.ComputeDispatcher);

    protected override void OnReceive(object message)
    {
        try
        {
            Handle(message, Sender);
            while (_local.TryDequeue(out var next)) Route(next, _self);
        }
        catch (Exception e)
        {
            // A bug must not take the member's nodes down with a restart: log, drop what was queued, go on.
            _log.Error(e, "node host failed handling {0}", message.GetType().Name);
            _local.Clear();
        }
    }

    private void Handle(object message, IActorRef sender)
    {
        switch (message)
        {
            case INodeMessage toNode:
                Route(toNode, sender);
                break;
            case BackwardPlan plan:
                FanOut(plan);
                break;
            case DefinitionDeadline deadline:
                if (NodesOf(deadline.Node.Session) is { } nodes && nodes.TryGetValue(deadline.Node.Seq, out var node))
                {
                    node.DefinitionTimedOut(_timeout);
                    if (node.CanBeDropped) nodes.Remove(deadline.Node.Seq);
                }
                break;
            case ReleaseNodes release:
                Release(release);
                break;
            case FreeSession free:
                sender.Tell(new SessionFreed(free.Session, Free(free.Session)), _self);
                break;
            case GetHostStats:
                sender.Tell(new HostStats(_sessions.Count, _sessions.Values.Sum(s => s.Count), _freed.Count), _self);
                break;
            case Rejected rejected:
                _log.Warning("rejected by {0}: {1} ({2})", sender, rejected.Reason, rejected.MessageType);
                break;
            default:
                Reject(message, sender, $"the node host does not handle {message.GetType().Name}");
                break;
        }
    }

    private void Route(INodeMessage message, IActorRef sender)
    {
        var nodes = NodesOf(message.Node.Session);
        if (nodes is null)
        {
            Reject(message, sender, $"the session of node {message.Node} was freed");
            return;
        }
        var node = GetOrCreate(nodes, message.Node, isDefinition: message is CreateLeaf or CreateOp or CreateDetached);
        node.Receive(message, sender);
        if (node.CanBeDropped) nodes.Remove(message.Node.Seq);
    }

    private void Release(ReleaseNodes release)
    {
        var nodes = NodesOf(release.Session);
        if (nodes is null) return;  // the whole session is gone already
        foreach (var seq in release.Seqs)
        {
            if (!nodes.TryGetValue(seq, out var node)) continue;
            node.Release();
            if (node.CanBeDropped) nodes.Remove(seq);
        }
    }

    /// <summary>One <see cref="PassPlan"/> per node; nodes with equal counts share one instance.</summary>
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
            plan.Tracker.Tell(new PassFailed(plan.Pass, new NodeId(plan.Session, plan.Seqs.FirstOrDefault()), "plan",
                "the session was freed"), _self);
            return;
        }
        PassPlan? share = null;
        for (int i = 0; i < plan.Seqs.Length; i++)
        {
            var id = new NodeId(plan.Session, plan.Seqs[i]);
            var node = GetOrCreate(nodes, id, isDefinition: false);
            if (share is null || share.Count != plan.Counts[i])
                share = new PassPlan(plan.Pass, plan.Counts[i], plan.RetainGraph, plan.Tracker);
            node.Receive(share, plan.Tracker);
            if (node.CanBeDropped) nodes.Remove(id.Seq);
        }
        if (plan.Seed is not null) Route(plan.Seed, _self);
    }

    /// <summary>The node, created if new (with a deadline for its definition unless <paramref name="isDefinition"/>).</summary>
    private Node GetOrCreate(Dictionary<long, Node> nodes, NodeId id, bool isDefinition)
    {
        if (!nodes.TryGetValue(id.Seq, out var node))
        {
            node = new Node(id, this);
            nodes.Add(id.Seq, node);
            if (!isDefinition) Context.System.Scheduler.ScheduleTellOnce(_timeout, _self, new DefinitionDeadline(id), _self);
        }
        return node;
    }

    private Dictionary<long, Node>? NodesOf(Guid session)
    {
        if (_lastNodes is not null && session == _lastSession) return _lastNodes;
        if (!_sessions.TryGetValue(session, out var nodes))
        {
            if (_freed.Contains(session)) return null;
            nodes = new Dictionary<long, Node>();
            _sessions.Add(session, nodes);
        }
        _lastSession = session;
        _lastNodes = nodes;
        return nodes;
    }

    private int Free(Guid session)
    {
        _freed.Add(session);
        if (session == _lastSession) _lastNodes = null;
        return _sessions.Remove(session, out var nodes) ? nodes.Count : 0;
    }

    private void Reject(object message, IActorRef sender, string reason)
    {
        _log.Warning("{0}: dropping {1}", reason, message.GetType().Name);
        if (message is not Rejected && !sender.IsNobody() && !sender.Equals(_self))
            sender.Tell(new Rejected((message as INodeRequest)?.Request ?? 0, message.GetType().Name, reason), _self);
    }

    NodeRef INodeOutbox.RefOf(NodeId id) => new(_self, id);

    void INodeOutbox.Send(NodeRef to, INodeMessage message)
    {
        if (ReferenceEquals(to.Host, _self) || to.Host.Equals(_self)) _local.Enqueue(message);
        else _wire.Tell(to.Host, message, _self);
    }

    void INodeOutbox.Tell(IActorRef to, object message) => _wire.Tell(to, message, _self);

    void INodeOutbox.Warn(string text) => _log.Warning(text);

    /// <summary>A node was created by a message that overtook its definition: fail it if the definition never comes.</summary>
    private sealed record DefinitionDeadline(NodeId Node) : INoSerializationVerificationNeeded;
}
