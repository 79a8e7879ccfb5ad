using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Cluster;
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
/// <para>
/// Every message naming a session passes the <see cref="SessionGate"/> first: a session belongs to
/// the system that opened it, members are trusted, anyone else is refused (answered, counted,
/// logged at most once per sender per interval). Nodes waiting for their definition are bounded
/// per session and per member. A node actor stopped by anything but this host is remembered as
/// lost, and messages for it are answered with a failure (<see cref="NodeGone"/>).
/// </para>
/// </summary>
internal sealed partial class NodeHost : UntypedActor
{
    /// <summary>Freed sessions remembered (so late messages are rejected instead of resurrecting nodes), most recent first.</summary>
    public const int FreedSessionsRemembered = 65536;

    private readonly Props _nodeProps;
    private readonly Dictionary<Guid, HostSession> _sessions = new();
    private readonly RecentSet<Guid> _freed = new(FreedSessionsRemembered);
    // Node actors of freed sessions that have not terminated yet, and whom to tell when they have.
    // Keyed by reference: Akka reports a terminated child with the very ref ActorOf returned, and an
    // actor ref's own hash walks its path (ActorPath.GetHashCode showed in profiles of freeing).
    private readonly Dictionary<IActorRef, Freeing> _stopping = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Guid, Freeing> _freeing = new();
    // Released node actors that have not stopped yet.
    private readonly Dictionary<IActorRef, NodeId> _released = new(ReferenceEqualityComparer.Instance);
    // Node actors created by a message that overtook their definition, until it comes (or they time out and stop).
    private readonly Dictionary<IActorRef, (HostSession Session, long Seq)> _waiting = new(ReferenceEqualityComparer.Instance);
    // Node actors that stopped without the host stopping them (a stop from outside, a crash), not yet
    // found in their session: found when a message reaches one (as a dead letter) or its session is freed.
    private readonly HashSet<IActorRef> _strays = new(ReferenceEqualityComparer.Instance);
    // Releases that overtook their node's definition (a large leaf travels on the bulk path, pulled
    // by the receiver after its offer, later than the client's release): applied when the definition comes.
    private readonly HashSet<NodeId> _releasedBeforeDefinition = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _self;
    private readonly TimeSpan _timeout;
    private readonly SessionAccess _access;
    private readonly SessionGate _gate;
    private readonly IActorRef? _clients;
    private DeadNodeLetters? _deadLetters;
    // Requests about several parameters (optimizer steps, zero-grads) waiting for their nodes' answers.
    private readonly ParameterBatches _batches;
    private readonly LeafReports _leafReports = new();
    private readonly HeldReplies _held = new();
    // Node actors whose nodes are done, kept for the next nodes (see NodeActor.Recycled), and those
    // the pool had no room for (or trimmed), stopping.
    private readonly NodeActorPool _pool = new(PoolCapacity, PoolKeepIdle);
    private readonly HashSet<IActorRef> _retiring = new(ReferenceEqualityComparer.Instance);
    // Node actors of freed sessions told to let go of their nodes and come back to the pool (NodeActor.Retire).
    private readonly HashSet<IActorRef> _retired = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Node actors kept for reuse at most: a pool as large as the biggest graph a member usually holds at once
    /// (a 10,000-node chain fits), so a loop that builds it again and again creates no actors after the first
    /// time. An idle actor holds about a kilobyte: the pool is bounded by some 16 MB per member.
    /// </summary>
    public const int PoolCapacity = 16384;

    /// <summary>Idle node actors the pool keeps however long they wait; more are stopped after a <see cref="PoolTrimInterval"/> unused.</summary>
    public const int PoolKeepIdle = 1024;

    public static readonly TimeSpan PoolTrimInterval = TimeSpan.FromSeconds(1);

    // Most traffic is for one session at a time: skip the outer lookup.
    private HostSession? _last;

    /// <param name="timeout">How long a node waits for its definition, and a parameter batch for its answers.</param>
    /// <param name="clients">The member's <see cref="ClientWatcher"/>, told of each session a remote client opens (none in an embedded engine).</param>
    public NodeHost(TimeSpan timeout, IActorRef? clients)
    {
        // Node actors send to other members through the wire, which moves large tensors on the bulk path.
        _access = SessionAccess.Get(Context.System);
        _access.HostsNodes = true;
        _nodeProps = NodeActor.Props(timeout, Wire.AutogradWire.Get(Context.System), _access);
        _self = Self;
        _timeout = timeout;
        _clients = clients;
        _gate = new SessionGate(_access.Members, _access.Limits.SessionsPerClient);
        _batches = new ParameterBatches(timeout);
    }

    public static Props Props(TimeSpan timeout, IActorRef? clients = null) =>
        Akka.Actor.Props.Create(() => new NodeHost(timeout, clients)).WithDispatcher(AutogradConfig.ComputeDispatcher);

    protected override void PreStart()
    {
        _deadLetters = new DeadNodeLetters(Context.System, _self);
        // one periodic look at the parameter batches' deadlines instead of a timer per request
        var every = TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 10, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _batchSweep = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(every, every, _self, SweepBatches.Instance, _self);
        _poolTrim = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(PoolTrimInterval, PoolTrimInterval, _self, TrimPool.Instance, _self);
    }

    private ICancelable? _batchSweep;
    private ICancelable? _poolTrim;

    protected override void PostStop()
    {
        _deadLetters?.Stop();
        _batchSweep?.Cancel();
        _poolTrim?.Cancel();
    }

    /// <summary>
    /// A parameter batch's answer: a success waits for the report of a backward pass of the same client
    /// gathered here, if there is one (<see cref="HeldReplies"/>); anything else goes at once.
    /// </summary>
    private void TellReply(IActorRef to, IReply reply)
    {
        if (reply is ParametersDone && _leafReports.GathersFor(to)) _held.Hold(to, reply);
        else to.Tell(reply, _self);
    }

    /// <summary>
    /// A gathered pass's report (<see cref="LeavesDone"/> or <see cref="PassFailed"/>) to its tracker or, with
    /// replies held for the plan's sender, to that sender in one bundle after them: the client's reply inbox
    /// answers the replies and hands the report to its tracker.
    /// </summary>
    private void Report(IActorRef tracker, IActorRef planSender, IAutogradMessage report)
    {
        if (_held.Take(planSender) is { } replies)
        {
            replies.Add(report);
            planSender.Tell(Bundle.Of(replies), _self);
        }
        else tracker.Tell(report, _self);
    }

    /// <summary>Sends what is held for those <paramref name="release"/> chooses, each by itself.</summary>
    private void ReleaseHeld(Func<IActorRef, bool> release)
    {
        if (_held.Count == 0) return;
        foreach (var (to, replies) in _held.TakeWhere(release)) to.Tell(Bundle.Of(replies), _self);
    }

    /// <summary>This host, or one of its node actors (the only ones that answer a parameter batch's shares).</summary>
    private bool IsOwnNodeOrSelf(IActorRef sender) =>
        ReferenceEquals(sender, _self) || (sender.Path.Parent is { } parent && parent.Equals(_self.Path));

    /// <summary>The host's own timer for the parameter batches' deadlines (local, never on the wire).</summary>
    private sealed class SweepBatches : INoSerializationVerificationNeeded
    {
        public static readonly SweepBatches Instance = new();
    }

    /// <summary>The host's own timer for trimming its pool of idle node actors (local, never on the wire).</summary>
    private sealed class TrimPool : INoSerializationVerificationNeeded
    {
        public static readonly TrimPool Instance = new();
    }

    protected override void OnReceive(object message)
    {
        var sender = Sender;
        switch (message)
        {
            case Bundle bundle:
                Unbundle(bundle, sender);
                break;
            case CreateBatch batch:
                foreach (var op in batch.Ops)
                    if (Admit(op.Node.Session, op, sender) is { } s) Define(s, op.Node, op, op.Inputs, sender);
                foreach (var subscribe in batch.Subscriptions)
                    if (OneSession(subscribe, sender) && Admit(subscribe.Node.Session, subscribe, sender) is { } s) Route(s, subscribe, sender);
                break;
            case CreateDetached detached:
                if (Admit(detached.Node.Session, detached, sender) is { } forDetached)
                    Define(forDetached, detached.Node, detached, [detached.Source], sender);
                break;
            case CreateLeaf leaf:
                if (Admit(leaf.Node.Session, leaf, sender) is not { } forLeaf) break;
                Route(forLeaf, leaf, sender, defines: true);
                ReleaseIfReleasedBefore(leaf.Node);
                break;
            case DefineNode or PassPlan:
                Refuse(message, sender, $"{message.GetType().Name} goes from a node host to its own node actors only");
                break;
            case INodeMessage toNode:
                if (OneSession(toNode, sender) && Admit(toNode.Node.Session, toNode, sender) is { } forNode) Route(forNode, toNode, sender);
                break;
            case BackwardPlan plan:
                if (Admit(plan.Session, plan, sender) is { } forPlan) FanOut(forPlan, plan, sender);
                break;
            case StepParameters step:
                if (Admit(step.Session, step, sender) is { } forStep)
                    FanOut(forStep, step, step.Seqs, (id, batch) => new StepParameter(id, batch, step.Optimizer), sender);
                break;
            case ZeroGrads zero:
                if (Admit(zero.Session, zero, sender) is { } forZero)
                    FanOut(forZero, zero, zero.Seqs, (id, batch) => new ZeroGrad(id, batch), sender);
                break;
            case ReleaseNodes release:
                if (Admit(release.Session, release, sender) is { } forRelease) Release(forRelease, release);
                break;
            case FreeSession free:
                Free(free, sender);
                break;
            case OpenSession open:
                Open(open, sender);
                break;
            case CloseSession close:
                if (Admit(close.Session, close, sender) is not null) _clients?.Tell(new ClientWatcher.Forget(close.Session), _self);
                break;
            case GetHostStats:
                sender.Tell(new HostStats(_sessions.Count, Context.GetChildren().Count() - _pool.Count - _retiring.Count, _freed.Count,
                    _access.Refusals.Refused, _waiting.Count, _pool.Count), _self);
                break;
            case IReply share when _batches.Count > 0 && IsOwnNodeOrSelf(sender) && _batches.TryAnswer(share, TellReply):
                break;
            case SweepBatches:
                _batches.Expire(TellReply);
                ReleaseHeld(_ => true);
                break;
            case TrimPool:
                foreach (var idle in _pool.TakeLongIdle()) StopIdle(idle);
                break;
            case LeafDone leafDone when IsOwnNodeOrSelf(sender):
                if (_leafReports.Report(leafDone) is { } report) Report(report.Tracker, report.PlanSender, report.Done);
                break;
            case PassFailed failed when IsOwnNodeOrSelf(sender):
                if (_leafReports.Fail(failed) is { } gathering) Report(gathering.Tracker, gathering.PlanSender, failed);
                break;
            case NodeActor.Recycled when _retired.Remove(sender):
                Retired(sender);
                break;
            case NodeActor.Recycled when _released.Remove(sender, out var done):
                Recycle(sender, done);
                break;
            case NodeActor.Recycled when IsOwnNodeOrSelf(sender):
                // Late: the actor stopped right after sending it (its session was freed), and Akka told the
                // host of the termination first (system messages overtake ordinary ones); nothing to pool.
                break;
            case DeadNodeLetters.Letter letter when ReferenceEquals(sender, _deadLetters):
                DeadLetter(letter);
                break;
            case Rejected rejected when _access.Members.Trusts(sender):
                _log.Warning("rejected by {0}: {1} ({2})", sender, rejected.Reason, rejected.MessageType);
                break;
            case Rejected rejected:
                _access.Refusals.Refuse(sender, "a Rejected", $"it rejects a {rejected.MessageType} this host never sent it");
                break;
            default:
                Refuse(message, sender, $"the node host does not handle {message.GetType().Name}");
                break;
        }
    }

    /// <summary>Each message of a bundle in order, exactly as if it had come alone from the bundle's sender.</summary>
    private void Unbundle(Bundle bundle, IActorRef sender)
    {
        // Bounded and flat (the wire format guarantees both; an in-process sender is checked here).
        if (bundle.Messages.Length > Bundle.MaxMessages || bundle.Messages.Any(m => m is Bundle))
        {
            Refuse(bundle, sender, $"a bundle holds at most {Bundle.MaxMessages} messages and no bundle");
            return;
        }
        foreach (var message in bundle.Messages) OnReceive(message);
    }

    /// <summary>Akka tells the strategy of every child that terminated: the host needs no watch per node actor.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new ChildTerminationStrategy(NodeStopped);

    /// <summary>
    /// An op or detached node: its actor gets the definition, then the host subscribes it to its
    /// inputs on this host (so each subscription reaches the input before any later release of it).
    /// </summary>
    private void Define(HostSession session, NodeId id, object definition, NodeRef[] inputs, IActorRef sender)
    {
        foreach (var input in inputs)
            if (input.Id.Session != id.Session)
            {
                Refuse(definition, sender, $"node {id} names input {input.Id} of another session");
                return;
            }
        var subscribed = new IActorRef?[inputs.Length];
        bool[]? unavailable = null;
        for (int i = 0; i < inputs.Length; i++)
            if (IsSelf(inputs[i].Host))
            {
                if (TryActorOf(session, inputs[i].Id.Seq, defines: false, out var input)) subscribed[i] = input;
                else (unavailable ??= new bool[inputs.Length])[i] = true;
            }
        if (!TryActorOf(session, id.Seq, defines: true, out var node))
        {
            NodeGone.Answer((INodeMessage)definition, sender, Unavailable(session, id), _self);
            return;
        }
        node.Tell(definition is CreateOp op
            ? new DefineNode(op, null, subscribed)
            : new DefineNode(null, (CreateDetached)definition, subscribed), sender);
        // After the definition: an input's value then always finds the node defined.
        for (int i = 0; i < subscribed.Length; i++)
        {
            if (subscribed[i] is { } input) input.Tell(new Subscribe(inputs[i].Id, node, id, i), node);
            else if (unavailable?[i] == true)
                NodeGone.Answer(new Subscribe(inputs[i].Id, node, id, i), node, Unavailable(session, inputs[i].Id), _self);
        }
        ReleaseIfReleasedBefore(id);
    }

    /// <summary>
    /// Nodes the client can no longer reach: each node actor is told, and stops itself once it has
    /// served what it still owes; the host forgets it when it has terminated.
    /// </summary>
    private void Release(HostSession session, ReleaseNodes release)
    {
        foreach (var seq in release.Seqs)
        {
            if (!session.Nodes.TryGetValue(seq, out var actor))
            {
                if (!session.IsLost(seq)) _releasedBeforeDefinition.Add(new NodeId(release.Session, seq));
            }
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
        if (_sessions.TryGetValue(node.Session, out var session) && session.Nodes.TryGetValue(node.Seq, out var actor) && !_released.ContainsKey(actor))
            ReleaseActor(actor, node, new ReleaseNodes(node.Session, [node.Seq]));
    }

    private void Route(HostSession session, INodeMessage message, IActorRef sender, bool defines = false)
    {
        if (TryActorOf(session, message.Node.Seq, defines, out var actor)) actor.Tell(message, sender);
        else NodeGone.Answer(message, sender, Unavailable(session, message.Node), _self);
    }

    /// <summary>One <see cref="PassPlan"/> per node actor, from the tracker.</summary>
    private void FanOut(HostSession session, BackwardPlan plan, IActorRef sender)
    {
        if (!plan.Tracker.Path.Address.Equals(sender.Path.Address))
        {
            Refuse(plan, sender, "a backward plan names a tracker of its sender's own system");
            return;
        }
        if (plan.Seqs.Length != plan.Counts.Length)
        {
            plan.Tracker.Tell(new PassFailed(plan.Pass, new NodeId(plan.Session, 0), "plan",
                $"backward plan {plan.Pass} has {plan.Seqs.Length} nodes but {plan.Counts.Length} counts"), _self);
            return;
        }
        // The host stands in for the tracker when it gathers the leaves' reports (LeafReports).
        var tracker = _leafReports.Start(plan, sender) ? _self : plan.Tracker;
        for (int i = 0; i < plan.Seqs.Length; i++)
        {
            var id = new NodeId(plan.Session, plan.Seqs[i]);
            Route(session, new PassPlan(id, plan.Pass, plan.Counts[i], plan.RetainGraph, tracker), plan.Tracker);
        }
        if (plan.Seed is { } seed)  // after the counts: one message starts the pass
        {
            if (seed.Node.Session == plan.Session) Route(session, seed, _self);
            else plan.Tracker.Tell(new PassFailed(plan.Pass, seed.Node, "plan", "the seed names a node of another session"), _self);
        }
    }

    /// <summary>
    /// One request per parameter node, each answered to this host (<see cref="ParameterBatches"/>),
    /// which replies to <paramref name="requester"/> once.
    /// </summary>
    private void FanOut(HostSession session, IHostRequest request, long[] seqs, Func<NodeId, long, INodeRequest> share, IActorRef requester)
    {
        if (seqs.Length == 0)
        {
            Reject(request, requester, "the request names no parameters");
            return;
        }
        long batch = _batches.Start(requester, request.Request, seqs.Length);
        foreach (var seq in seqs)
            Route(session, share(new NodeId(request.Session, seq), batch), _self);
    }

    /// <summary>
    /// The actor of node <paramref name="seq"/>, created if new: for its definition
    /// (<paramref name="defines"/>), or waiting for it when the limits allow. False when the node is
    /// lost or too many nodes wait already. A new actor learns its id from the first message it
    /// gets; one created for anything but its definition waits for it, with a deadline.
    /// </summary>
    private bool TryActorOf(HostSession session, long seq, bool defines, [NotNullWhen(true)] out IActorRef? actor)
    {
        if (session.Nodes.TryGetValue(seq, out actor))
        {
            if (defines && session.Waiting > 0 && _waiting.Remove(actor)) session.Waiting--;
            return true;
        }
        if (session.IsLost(seq)) return false;
        var limits = _access.Limits;
        if (!defines && (session.Waiting >= limits.WaitingNodesPerSession || _waiting.Count >= limits.WaitingNodesPerMember))
            return false;
        if (_pool.TryTake(out actor)) actor.Tell(new NodeActor.ReuseAs(new NodeId(session.Id, seq)), _self);
        else actor = Context.ActorOf(_nodeProps);
        session.Nodes.Add(seq, actor);
        if (!defines)
        {
            _waiting.Add(actor, (session, seq));
            session.Waiting++;
        }
        return true;
    }

    /// <summary>Why node <paramref name="id"/> has no actor to take a message; refusals over a limit are counted and logged.</summary>
    private string Unavailable(HostSession session, NodeId id)
    {
        if (session.IsLost(id.Seq)) return $"node {id} was stopped by something other than its node host";
        var reason = $"node {id} would wait for its definition, but {session.Waiting} nodes of its session and {_waiting.Count} " +
                     "of this member already do (autograd.limits.waiting-nodes-per-session, -per-member)";
        _access.Refusals.Refuse(Sender, "a message for an undefined node", reason);
        return reason;
    }

    /// <summary>A released node is done: its actor joins the pool (or stops, when the pool is full).</summary>
    private void Recycle(IActorRef actor, NodeId node)
    {
        if (_stopping.ContainsKey(actor)) return;   // its session is being freed: it is stopping anyway
        if (_sessions.TryGetValue(node.Session, out var session) && session.Nodes.TryGetValue(node.Seq, out var mapped) && ReferenceEquals(mapped, actor))
            session.Nodes.Remove(node.Seq);
        ToPool(actor);
    }

    /// <summary>A node actor of a session being freed let go of its node: the session is one node closer to freed.</summary>
    private void Retired(IActorRef actor)
    {
        _released.Remove(actor);
        // It may have been waiting for its definition: it waits no more, and may wait again for another node.
        if (_waiting.Remove(actor, out var waiting)) waiting.Session.Waiting--;
        if (_stopping.Remove(actor, out var freeing) && --freeing.Remaining == 0) Freed(freeing);
        ToPool(actor);
    }

    private void ToPool(IActorRef actor)
    {
        if (!_pool.TryReturn(actor)) StopIdle(actor);
    }

    /// <summary>An idle node actor the pool does not keep stops.</summary>
    private void StopIdle(IActorRef idle)
    {
        _retiring.Add(idle);
        idle.Tell(PoisonPill.Instance, _self);
    }

    private bool IsSelf(IActorRef host) => ReferenceEquals(host, _self) || host.Equals(_self);
}
