using Akka.Actor;
using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// The logic of one graph node, without an actor: its <see cref="NodeActor"/> hands it one message
/// at a time and is its <see cref="INodeOutbox"/>, so the whole state machine runs in plain unit
/// tests with a recording outbox. States, in the order a node lives:
/// <list type="bullet">
/// <item><see cref="State.AwaitingDefinition"/>: referenced before its creation arrived (across
/// members a subscription can overtake it); everything is stashed until the definition or the deadline.</item>
/// <item><see cref="State.AwaitingInputs"/>: collecting input values; backward work is stashed.</item>
/// <item><see cref="State.Ready"/>: has its value; answers subscribers at once; runs backward passes.</item>
/// <item><see cref="State.Failed"/>: the value could not be computed; every question gets the failure.</item>
/// </list>
/// A kernel error never escapes: the node answers with it.
/// </summary>
internal sealed partial class Node(NodeId id, INodeOutbox outbox)
{
    public enum State { AwaitingDefinition, AwaitingInputs, Ready, Failed }

    private readonly Subscribers _subscribers = new();
    private GradientBuffer? _gradients;  // most nodes of a forward-only graph never see a gradient
    private List<(object Message, IActorRef Sender)>? _stash;

    private string _opName = "undefined";
    private Op? _op;                    // null for leaves and detached nodes
    private bool _isLeaf;
    private bool _requiresGrad;
    private bool[] _needsGrad = [];
    private NodeRef[] _inputRefs = [];
    // Each input's actor once known (handed over by the host, or the sender of its value):
    // gradients go straight to it; an unknown one is reached through its host.
    private IActorRef?[]? _inputActors;
    private Tensor[] _inputs = [];      // entries are null until the input's value arrives
    private int _missingInputs;
    private Tensor? _value;
    private Tensor? _grad;
    private NodeFailure? _failure;
    private bool _savedTensorsFreed;

    public NodeId Id => id;

    public State Current { get; private set; } = State.AwaitingDefinition;

    public string OpName => _opName;

    /// <summary>Handles one message; <paramref name="sender"/> is who to answer (an asker or tracker).</summary>
    public void Receive(object message, IActorRef sender)
    {
        switch (Current)
        {
            case State.AwaitingDefinition: AwaitingDefinition(message, sender); break;
            case State.AwaitingInputs: AwaitingInputs(message, sender); break;
            case State.Ready: Ready(message, sender); break;
            default: Failed(message, sender); break;
        }
    }

    /// <summary>The definition did not come in time: fail, answering everyone who waits; true if so (the node is then done).</summary>
    public bool DefinitionTimedOut(TimeSpan timeout)
    {
        if (Current != State.AwaitingDefinition) return false;
        Fail(new NodeFailure(id, _opName, $"node {id} was referenced but never created within {timeout.TotalSeconds:0.###} s"));
        return true;
    }

    private void AwaitingDefinition(object message, IActorRef sender)
    {
        if (IsDefinition(message))
        {
            Define((INodeMessage)message);
            Unstash();
        }
        else
        {
            (_stash ??= []).Add((message, sender));
        }
    }

    private void Define(INodeMessage definition)
    {
        switch (definition)
        {
            case CreateLeaf leaf:
                _opName = "leaf";
                _isLeaf = true;
                _requiresGrad = leaf.RequiresGrad;
                _value = leaf.Value;
                Current = State.Ready;
                break;
            case DefineNode { Op: { } op } define:
                DefineComputation(op, define.SubscribedInputs);
                break;
            case DefineNode { Detached: { } detached } define:
                DefineDetached(detached, define.SubscribedInputs);
                break;
        }
    }

    /// <summary>A leaf from the client, or an op or detached node from the host (which subscribed it to its local inputs).</summary>
    private static bool IsDefinition(object message) =>
        message is CreateLeaf or DefineNode { Op: not null } or DefineNode { Detached: not null };

    private void DefineDetached(CreateDetached detached, IActorRef?[] subscribedInputs)
    {
        _opName = "detach";
        _isLeaf = true;
        if (ForeignInput([detached.Source]) is { } foreign) Fail(foreign);
        else ExpectInputs([detached.Source], [false], subscribedInputs);
    }

    /// <summary>
    /// A node's inputs belong to its own session: it sends them gradients, and a node must never send
    /// anything into another session (as a member it would be trusted there).
    /// </summary>
    private NodeFailure? ForeignInput(NodeRef[] inputs)
    {
        foreach (var input in inputs)
            if (input.Id.Session != id.Session)
                return new NodeFailure(id, _opName, $"node {id} names input {input.Id} of another session");
        return null;
    }

    /// <summary>An op node; <paramref name="subscribedInputs"/> are the inputs' actors its host subscribed it to (null: none).</summary>
    private void DefineComputation(CreateOp create, IActorRef?[] subscribedInputs)
    {
        _opName = create.Op.Name;
        if (ForeignInput(create.Inputs) is { } foreign)
        {
            Fail(foreign);
            return;
        }
        try
        {
            _op = OpTable.Create(create.Op);
            GradientRules.CheckArity(_op, create.Inputs.Length, create.InputsNeedGrad.Length);
        }
        catch (Exception e)
        {
            Fail(new NodeFailure(id, _opName, e.Message));
            return;
        }
        ExpectInputs(create.Inputs, create.InputsNeedGrad, subscribedInputs);
    }

    /// <summary>
    /// Waits for the inputs. Nobody waits to be asked: the host subscribed the node to its inputs on
    /// this member (their actors are <paramref name="subscribedInputs"/>), the client to those on
    /// others (their values come through this host, from their actors).
    /// </summary>
    private void ExpectInputs(NodeRef[] inputs, bool[] needsGrad, IActorRef?[] subscribedInputs)
    {
        _inputRefs = inputs;
        _needsGrad = needsGrad;
        _requiresGrad = Array.IndexOf(needsGrad, true) >= 0;
        _inputs = new Tensor[inputs.Length];
        _inputActors = subscribedInputs.Length == inputs.Length ? subscribedInputs : new IActorRef?[inputs.Length];
        _missingInputs = inputs.Length;
        Current = State.AwaitingInputs;
    }

    private void AwaitingInputs(object message, IActorRef sender)
    {
        switch (message)
        {
            case InputValue input:
                if ((uint)input.Slot >= (uint)_inputs.Length || _inputs[input.Slot] is not null)
                {
                    outbox.Warn($"node {id} ({_opName}): ignoring a second value for input {input.Slot}");
                    return;
                }
                _inputs[input.Slot] = input.Value;
                if (!sender.IsNobody()) _inputActors![input.Slot] = sender;
                if (--_missingInputs == 0) Compute();
                break;
            case InputFailed failed:
                Fail(new NodeFailure(failed.Origin, failed.Op, failed.Message));
                break;
            case Subscribe subscribe:
                _subscribers.AddNode(subscribe.Subscriber, subscribe.SubscriberNode, subscribe.Slot);
                break;
            case GetValue get:
                _subscribers.AddAsker(sender, get.Request);
                break;
            case PassPlan or Gradient or GetGrad or ZeroGrad:
            case var _ when IsParameterMessage(message):
                (_stash ??= []).Add((message, sender));  // handled once the value exists
                break;
            default:
                Reject(message, sender);
                break;
        }
    }

    private void Compute()
    {
        Tensor value;
        try
        {
            value = _op is null ? _inputs[0] : _op.Forward(_inputs);
        }
        catch (Exception e)
        {
            Fail(new NodeFailure(id, _opName, e.Message));
            return;
        }
        _value = value;
        // Inputs are kept only for the VJP (by reference: in one process they are the inputs' own tensors).
        if (!_requiresGrad)
        {
            _inputs = [];
            _inputActors = null;
        }
        Current = State.Ready;
        _subscribers.Publish(id, value, outbox);
        Unstash();
    }

    private void Ready(object message, IActorRef sender)
    {
        switch (message)
        {
            case Gradient gradient:
                if ((_gradients ??= new()).Add(gradient.Pass, gradient.FromSeq, gradient.FromSlot, gradient.Value) is { } ready) Backward(ready);
                break;
            case PassPlan plan:
                PassState? planned;
                try
                {
                    planned = (_gradients ??= new()).Plan(plan.Pass, plan.Count, plan.RetainGraph, plan.Tracker);
                }
                catch (Exception e)
                {
                    outbox.Tell(plan.Tracker, new PassFailed(plan.Pass, id, _opName, e.Message));
                    return;
                }
                if (planned is not null) Backward(planned);
                break;
            case Subscribe subscribe:
                outbox.Tell(subscribe.Subscriber, new InputValue(subscribe.SubscriberNode, subscribe.Slot, _value!));
                break;
            case GetValue get:
                outbox.Tell(sender, new NodeValue(get.Request, id, _value!));
                break;
            case GetGrad getGrad:
                outbox.Tell(sender, new NodeGrad(getGrad.Request, id, _grad));
                break;
            case ZeroGrad zero:
                if (_grad is not null) _grad = Tensor.Zeros(_grad.Shape);
                outbox.Tell(sender, new GradZeroed(zero.Request, id));
                break;
            default:
                if (!ReadyAsParameter(message, sender)) Reject(message, sender);
                break;
        }
    }

    private void Fail(NodeFailure failure)
    {
        _failure = failure;
        _inputs = [];
        _inputActors = null;
        Current = State.Failed;
        _subscribers.Fail(failure, outbox);
        Unstash();
    }

    private void Failed(object message, IActorRef sender)
    {
        var failure = _failure!;
        switch (message)
        {
            case Subscribe subscribe:
                outbox.Tell(subscribe.Subscriber, failure.ToSubscriber(subscribe.SubscriberNode));
                break;
            case GetValue get:
                outbox.Tell(sender, failure.ToAsker(get.Request));
                break;
            case PassPlan plan:
                outbox.Tell(plan.Tracker, failure.ToTracker(plan.Pass));
                break;
            case Gradient or InputValue or InputFailed:
                break;  // the plan of the pass reports the failure; inputs no longer matter
            case GetGrad getGrad:
                outbox.Tell(sender, new NodeGrad(getGrad.Request, id, null));
                break;
            case ZeroGrad zero:
                outbox.Tell(sender, new GradZeroed(zero.Request, id));
                break;
            case INodeRequest request when IsParameterMessage(message):
                outbox.Tell(sender, failure.ToAsker(request.Request));
                break;
            default:
                Reject(message, sender);
                break;
        }
    }

    /// <summary>Replays what waited for a state change, in arrival order, before anything newer.</summary>
    private void Unstash()
    {
        if (_stash is null) return;
        var stashed = _stash;
        _stash = null;
        foreach (var (message, sender) in stashed) Receive(message, sender);
    }

    /// <summary>Answers what this node cannot handle, so nobody waits in silence.</summary>
    private void Reject(object message, IActorRef sender)
    {
        var reason = IsDefinition(message)
            ? $"node {id} ({_opName}) is already defined"
            : $"node {id} ({_opName}) cannot handle {message.GetType().Name} now";
        outbox.Warn(reason);
        if (!sender.IsNobody())
            outbox.Tell(sender, new Rejected((message as INodeRequest)?.Request ?? 0, message.GetType().Name, reason));
    }
}
