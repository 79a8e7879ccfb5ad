using Akka.Actor;
using Akka.Event;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One per member, at <c>/user/autograd-nodes</c>. Creates node actors as unnamed children on the
/// compute dispatcher, routes every <see cref="INodeMessage"/> to its node (creating a waiting
/// node when a message overtakes the creation), subscribes new nodes to their inputs, fans a
/// <see cref="BackwardPlan"/> out, and stops a session's nodes when the session is freed.
/// </summary>
internal sealed class NodeHost : UntypedActor
{
    private readonly TimeSpan _timeout;
    private readonly Dictionary<Guid, Dictionary<long, IActorRef>> _sessions = new();
    // Freed sessions are remembered so late messages are dropped instead of resurrecting nodes.
    private readonly HashSet<Guid> _freed = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Most traffic is for one session at a time: skip the outer lookup.
    private Guid _lastSession;
    private Dictionary<long, IActorRef>? _lastNodes;

    public NodeHost(TimeSpan timeout) => _timeout = timeout;

    public static Props Props(TimeSpan timeout) => Akka.Actor.Props.Create(() => new NodeHost(timeout));

    /// <summary>
    /// A node that throws outside its own error handling keeps its state and goes on: a restart
    /// would lose its value and leave its subscribers waiting.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(e =>
        {
            _log.Error(e, "node actor failed unexpectedly; resuming it");
            return Directive.Resume;
        });

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case CreateOp create:
                if (Route(create, isDefinition: true) is { } node) SubscribeToInputs(node, create.Inputs);
                break;
            case CreateDetached detached:
                if (Route(detached, isDefinition: true) is { } copy) SubscribeToInputs(copy, [detached.Source]);
                break;
            case CreateLeaf leaf:
                Route(leaf, isDefinition: true);
                break;
            case BackwardPlan plan:
                FanOut(plan);
                break;
            case INodeMessage toNode:
                Route(toNode, isDefinition: false);
                break;
            case FreeSession free:
                Sender.Tell(new SessionFreed(free.Session, Free(free.Session)), Self);
                break;
            case GetHostStats:
                Sender.Tell(new HostStats(_sessions.Count, _sessions.Values.Sum(s => s.Count), _freed.Count), Self);
                break;
            case Rejected rejected:
                _log.Warning("rejected by {0}: {1} ({2})", Sender, rejected.Reason, rejected.MessageType);
                break;
            default:
                Reject(message, $"the node host does not handle {message.GetType().Name}");
                break;
        }
    }

    /// <summary>Delivers to the node, creating it (defined, or waiting for its definition) if new.</summary>
    private IActorRef? Route(INodeMessage message, bool isDefinition)
    {
        var id = message.Node;
        var nodes = NodesOf(id.Session);
        if (nodes is null)
        {
            Reject(message, $"session of node {id} was freed");
            return null;
        }
        if (nodes.TryGetValue(id.Seq, out var node))
        {
            node.Forward(message);
            return node;
        }
        node = Context.ActorOf(NodeActor.Props(id, isDefinition ? message : null, _timeout));
        nodes.Add(id.Seq, node);
        if (!isDefinition) node.Forward(message);
        return node;
    }

    private void SubscribeToInputs(IActorRef node, NodeRef[] inputs)
    {
        for (int slot = 0; slot < inputs.Length; slot++)
        {
            var input = inputs[slot];
            var subscribe = new Subscribe(input.Id, node, slot);
            if (input.Host.Equals(Self)) Route(subscribe, isDefinition: false);  // local input: no extra hop
            else input.Host.Tell(subscribe, Self);
        }
    }

    /// <summary>One <see cref="PassPlan"/> per node; nodes with equal counts share one instance.</summary>
    private void FanOut(BackwardPlan plan)
    {
        if (plan.Seqs.Length != plan.Counts.Length)
        {
            Reject(plan, $"backward plan {plan.Pass} has {plan.Seqs.Length} nodes but {plan.Counts.Length} counts");
            return;
        }
        var nodes = NodesOf(plan.Session);
        if (nodes is null)
        {
            plan.Tracker.Tell(new PassFailed(plan.Pass, new NodeId(plan.Session, plan.Seqs.FirstOrDefault()), "plan",
                "the session was freed"), Self);
            return;
        }
        PassPlan? shared = null;
        for (int i = 0; i < plan.Seqs.Length; i++)
        {
            int count = plan.Counts[i];
            var share = shared is not null && shared.Count == count
                ? shared
                : shared = new PassPlan(plan.Pass, count, plan.RetainGraph, plan.Tracker);
            if (!nodes.TryGetValue(plan.Seqs[i], out var node))
            {
                var id = new NodeId(plan.Session, plan.Seqs[i]);
                node = Context.ActorOf(NodeActor.Props(id, null, _timeout));
                nodes.Add(id.Seq, node);
            }
            node.Tell(share, Self);
        }
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

    private int Free(Guid session)
    {
        _freed.Add(session);
        if (session == _lastSession) _lastNodes = null;
        if (!_sessions.Remove(session, out var nodes)) return 0;
        foreach (var node in nodes.Values) Context.Stop(node);
        return nodes.Count;
    }

    private void Reject(object message, string reason)
    {
        _log.Warning("{0}: dropping {1}", reason, message.GetType().Name);
        if (message is not Rejected && !Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters))
            Sender.Tell(new Rejected(message.GetType().Name, reason), Self);
    }
}
