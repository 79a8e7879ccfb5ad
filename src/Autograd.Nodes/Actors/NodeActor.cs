using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Protocol;
using Autograd.Wire;

namespace Autograd.Actors;

/// <summary>
/// One graph node (or one shard of one) as an Akka actor: a child of its member's
/// <see cref="NodeHost"/>, on the compute dispatcher. It is thin: it hands each message to its
/// <see cref="Node"/> (the state machine) and is the node's <see cref="INodeOutbox"/>, so every
/// message the node sends leaves with this actor as sender and the receiver can answer it directly.
/// <para>
/// All node actors of a host are built from one cached <see cref="Props"/> (no per-node
/// <c>Props</c>, expression or reflection), so a node actor learns its id from its first message:
/// the host always sends one, and every message for a node names it.
/// </para>
/// <para>
/// A node created by a message that overtook its definition fails if the definition does not come
/// within the timeout, and stops; only such a node schedules anything.
/// </para>
/// <para>
/// A released node that owes nothing more does not stop: its actor goes back to its host
/// (<see cref="Recycled"/>), which keeps a pool of them and gives one to the next node it creates
/// (<see cref="ReuseAs"/>). A training loop builds the same graph every step, so creating and stopping
/// an actor per node per step (the costliest part of a small step) becomes one of each per pooled actor.
/// </para>
/// </summary>
internal sealed class NodeActor(TimeSpan definitionTimeout, AutogradWire wire, SessionAccess access) : UntypedActor, INodeOutbox
{
    private Node? _node;
    private IActorRef? _self;
    private bool _deadlineScheduled;
    private Address? _owner;  // the session's client, once a message from it was admitted
    private bool _pooled;     // back with the host: takes nothing but the host's ReuseAs

    /// <summary>
    /// The host's one cached <see cref="Props"/>: a producer that calls <c>new</c> (no expression
    /// compiled, no reflection per node), and the mailbox named explicitly (<see cref="NodeMailbox"/>, which
    /// also spares Akka one inspection of the actor type's interfaces per creation).
    /// </summary>
    public static Props Props(TimeSpan definitionTimeout, AutogradWire wire, SessionAccess access) =>
        Akka.Actor.Props.CreateBy(new Producer(definitionTimeout, wire, access))
            .WithDispatcher(AutogradConfig.ComputeDispatcher)
            .WithMailbox(AutogradConfig.NodeMailbox);

    protected override void OnReceive(object message)
    {
        var sender = Sender;
        if (message is Retire)
        {
            // Its session is freed: whoever still waits on the node is answered as a stop would, and the
            // actor goes back to its host's pool. Already pooled (its node was released and it gave itself
            // back before this came): nothing to answer, and the host has counted it already.
            if (_pooled) return;
            _node?.Stopped();
            GiveBack();
            return;
        }
        if (_pooled)
        {
            // Anything but the host's reassignment is late mail for the node this actor served.
            if (message is ReuseAs reuse)
            {
                _pooled = false;
                _node = new Node(reuse.Node, this);
            }
            else Context.GetLogger().Debug("pooled node actor: dropping a late {0}", message.GetType().Name);
            return;
        }
        if (_node is null)
        {
            if (message is not INodeMessage first)
            {
                Reject(message, sender, $"a node actor that has no node yet cannot handle {message.GetType().Name}");
                return;
            }
            _self = Self;
            _node = new Node(first.Node, this);
        }
        // Most messages come from this system (the host, other node actors): the check is an address
        // read; a remote sender must be a member or the session's client (node actors are reachable
        // by path, not only through the host).
        if (message is not DefinitionDeadline && !access.Admits(_node.Id.Session, sender, ref _owner))
        {
            access.Refusals.Refuse(sender, message.GetType().Name, $"node {_node.Id} takes messages from its session's client and the cluster's members only");
            Answer(message, sender, $"node {_node.Id} belongs to another client");
            return;
        }
        try
        {
            switch (message)
            {
                case DefinitionDeadline deadline:
                    // Its waiters are answered with the failure; the host forgets the node once it stopped.
                    // (A deadline set for an earlier node of this actor, before it was pooled, is late: ignored.)
                    if (deadline.Node == _node.Id && _node.DefinitionTimedOut(definitionTimeout)) Context.Stop(_self!);
                    return;
                case ReleaseNodes:
                    _node.Release();
                    StopIfDone();
                    return;
                case INodeMessage named when named.Node != _node.Id:
                    Reject(message, sender, $"node actor of {_node.Id} got a message for {named.Node}");
                    return;
                case Subscribe subscribe when subscribe.SubscriberNode.Session != _node.Id.Session:
                    Reject(message, sender, $"node {subscribe.SubscriberNode} of another session cannot subscribe to node {_node.Id}");
                    return;
            }
            _node.Receive(message, sender);
            StopIfDone();
            if (!_deadlineScheduled && _node.Current == Node.State.AwaitingDefinition)
            {
                _deadlineScheduled = true;
                Context.System.Scheduler.ScheduleTellOnce(definitionTimeout, _self!, new DefinitionDeadline(_node.Id), _self!);
            }
        }
        catch (Exception e)
        {
            // A bug must not restart the actor and lose the node's state: log, answer, go on.
            Context.GetLogger().Error(e, "node {0} ({1}) failed handling {2}", _node.Id, _node.OpName, message.GetType().Name);
            Reject(message, sender, $"node {_node.Id} ({_node.OpName}) failed handling {message.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>A released node that owes nothing more gives its actor back to the host, for the host's next new node.</summary>
    private void StopIfDone()
    {
        if (!_node!.CanBeDropped) return;
        GiveBack();
    }

    private void GiveBack()
    {
        _node = null;
        _owner = null;
        _deadlineScheduled = false;
        _pooled = true;
        Context.Parent.Tell(Recycled.Instance, _self ??= Self);
    }

    /// <summary>
    /// However the actor stops — released, its session freed, or stopped by something other than its
    /// host — whoever still waits on the node is answered now instead of at a deadline.
    /// </summary>
    protected override void PostStop() => _node?.Stopped();

    private void Reject(object message, IActorRef sender, string reason)
    {
        Context.GetLogger().Warning("{0}: dropping {1}", reason, message.GetType().Name);
        Answer(message, sender, reason);
    }

    private void Answer(object message, IActorRef sender, string reason)
    {
        if (message is not Rejected && !sender.IsNobody())
            sender.Tell(new Rejected((message as INodeRequest)?.Request ?? 0, message.GetType().Name, reason), Self);
    }

    IActorRef INodeOutbox.Self => _self ??= Self;

    // Through the wire: a local target or a small message is a plain Tell; tensors above the inline
    // size bound for another member go on the bulk path (its own connection, so heartbeats never wait
    // behind them). Remote receivers get the node actor's path as sender either way.
    void INodeOutbox.Send(NodeRef to, INodeMessage message) => wire.Tell(to.Host, message, _self);

    void INodeOutbox.Tell(IActorRef to, object message) => wire.Tell(to, message, _self);

    void INodeOutbox.Warn(string text) => Context.GetLogger().Warning(text);

    /// <summary>Node actor → its host: the node is done and the actor free for another (local, never on the wire).</summary>
    internal sealed class Recycled : INoSerializationVerificationNeeded
    {
        public static readonly Recycled Instance = new();
    }

    /// <summary>Host → a node actor of a session being freed: let go of the node and come back to the pool (local, never on the wire).</summary>
    internal sealed class Retire : INoSerializationVerificationNeeded
    {
        public static readonly Retire Instance = new();
    }

    /// <summary>Host → a pooled node actor: serve node <paramref name="Node"/> from now on (local, never on the wire).</summary>
    internal sealed record ReuseAs(NodeId Node) : INoSerializationVerificationNeeded;

    /// <summary>The definition of <paramref name="Node"/> did not come in time (local timer message, never on the wire).</summary>
    private sealed record DefinitionDeadline(NodeId Node) : INoSerializationVerificationNeeded;

    private sealed class Producer(TimeSpan definitionTimeout, AutogradWire wire, SessionAccess access) : IIndirectActorProducer
    {
        public Type ActorType => typeof(NodeActor);

        public ActorBase Produce() => new NodeActor(definitionTimeout, wire, access);

        public void Release(ActorBase actor)
        {
            // a node actor holds no resources beyond managed memory
        }
    }
}
