using Akka.Actor;
using Akka.Event;
using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One graph node. Behaviours, in the order a node lives through them:
/// <list type="bullet">
/// <item><see cref="AwaitingDefinition"/>: something referenced the node before its creation
/// arrived (across members, a subscription can overtake it); everything is stashed until the
/// definition or the deadline.</item>
/// <item><see cref="AwaitingInputs"/>: collecting input values; backward messages wait in the stash.</item>
/// <item><see cref="Ready"/>: has its value; answers subscribers at once; runs backward passes.</item>
/// <item><see cref="Failed"/>: the value could not be computed; every question gets the failure.</item>
/// </list>
/// Kernels run here, so node actors live on the compute dispatcher. A node never dies of a
/// kernel error: it answers with it.
/// </summary>
internal sealed class NodeActor : UntypedActor, IWithUnboundedStash
{
    public const string SecondBackwardMessage =
        "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
        "already been freed). Saved intermediate values of the graph are freed when you call BackwardAsync. " +
        "Specify retainGraph: true if you need to backward through the graph a second time";

    private readonly NodeId _id;
    private readonly TimeSpan _definitionTimeout;
    private readonly Subscribers _subscribers = new();
    private readonly GradientBuffer _gradients = new();
    private readonly Action<IActorRef, object> _send;

    private string _opName = "undefined";
    private Op? _op;                    // null for leaves and detached nodes
    private bool _isLeaf;
    private bool _requiresGrad;
    private bool[] _needsGrad = [];
    private Tensor[] _inputs = [];      // entries are null until the input's value arrives
    private IActorRef[] _inputActors = [];
    private int _missingInputs;
    private Tensor? _value;
    private Tensor? _grad;
    private ValueFailed? _failure;
    private bool _savedTensorsFreed;
    private ICancelable? _definitionDeadline;

    public NodeActor(NodeId id, INodeMessage? definition, TimeSpan definitionTimeout)
    {
        _id = id;
        _definitionTimeout = definitionTimeout;
        _send = (to, message) => to.Tell(message, Self);
        if (definition is null)
        {
            _definitionDeadline = Context.System.Scheduler.ScheduleTellOnceCancelable(
                definitionTimeout, Self, DefinitionDeadline.Instance, Self);
            Become(AwaitingDefinition);
        }
        else
        {
            Define(definition);
        }
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(NodeId id, INodeMessage? definition, TimeSpan definitionTimeout) =>
        Akka.Actor.Props.Create(() => new NodeActor(id, definition, definitionTimeout))
            .WithDispatcher(AutogradConfig.ComputeDispatcher);

    protected override void OnReceive(object message) => AwaitingDefinition(message);

    private void AwaitingDefinition(object message)
    {
        switch (message)
        {
            case CreateLeaf or CreateOp or CreateDetached:
                _definitionDeadline?.Cancel();
                Define((INodeMessage)message);
                Stash.UnstashAll();
                break;
            case DefinitionDeadline:
                Fail(new ValueFailed(_id, "undefined",
                    $"node {_id} was referenced but never created within {_definitionTimeout.TotalSeconds:0.###} s"));
                break;
            default:
                Stash.Stash();
                break;
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
                Become(Ready);
                break;
            case CreateDetached:
                _opName = "detach";
                _isLeaf = true;
                ExpectInputs(1, [false]);
                break;
            case CreateOp create:
                _opName = create.Op.Name;
                try
                {
                    _op = OpTable.Create(create.Op);
                    if (create.Inputs.Length != _op.Arity || create.InputsNeedGrad.Length != _op.Arity)
                        throw new ArgumentException(
                            $"{_op.Name} takes {_op.Arity} inputs, got {create.Inputs.Length} (and {create.InputsNeedGrad.Length} grad flags)");
                }
                catch (Exception e)
                {
                    Fail(new ValueFailed(_id, _opName, e.Message));
                    return;
                }
                ExpectInputs(_op.Arity, create.InputsNeedGrad);
                break;
        }
    }

    private void ExpectInputs(int count, bool[] needsGrad)
    {
        _needsGrad = needsGrad;
        _requiresGrad = Array.IndexOf(needsGrad, true) >= 0;
        _inputs = new Tensor[count];
        _inputActors = new IActorRef[count];
        _missingInputs = count;
        Become(AwaitingInputs);
    }

    private void AwaitingInputs(object message)
    {
        switch (message)
        {
            case InputValue input:
                if ((uint)input.Slot >= (uint)_inputs.Length || _inputs[input.Slot] is not null)
                {
                    Log.Warning("node {0} ({1}): ignoring value for slot {2}", _id, _opName, input.Slot);
                    return;
                }
                _inputs[input.Slot] = input.Value;
                _inputActors[input.Slot] = Sender;
                if (--_missingInputs == 0) Compute();
                break;
            case ValueFailed failure:
                Fail(failure);
                break;
            case Subscribe subscribe:
                _subscribers.Add(subscribe.Subscriber, subscribe.Slot);
                break;
            case GetValue:
                _subscribers.Add(Sender, Subscribers.Asker);
                break;
            case PassPlan or Gradient or SeedGradient or GetGrad or ZeroGrad:
                Stash.Stash();  // answered once the value exists
                break;
            default:
                Reject(message);
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
            Fail(new ValueFailed(_id, _opName, e.Message));
            return;
        }
        _value = value;
        // Inputs are kept only for the VJP (by reference: in one process they are the inputs' own tensors).
        if (!_requiresGrad) _inputs = [];
        _subscribers.Publish(_id, value, _send);
        Become(Ready);
        Stash.UnstashAll();
    }

    private void Ready(object message)
    {
        switch (message)
        {
            case Gradient gradient:
                OnGradient(gradient.Pass, gradient.Value);
                break;
            case PassPlan plan:
                PassState? ready;
                try
                {
                    ready = _gradients.Plan(plan.Pass, plan.Count, plan.RetainGraph, plan.Tracker);
                }
                catch (Exception e)
                {
                    plan.Tracker.Tell(new PassFailed(plan.Pass, _id, _opName, e.Message), Self);
                    return;
                }
                if (ready is not null) Backward(ready);
                break;
            case Subscribe subscribe:
                subscribe.Subscriber.Tell(new InputValue(subscribe.Slot, _value!), Self);
                break;
            case GetValue:
                Sender.Tell(new NodeValue(_id, _value!), Self);
                break;
            case SeedGradient seed:
                OnGradient(seed.Pass, seed.Value);
                break;
            case GetGrad:
                Sender.Tell(new NodeGrad(_id, _grad), Self);
                break;
            case ZeroGrad:
                if (_grad is not null) _grad = Tensor.Zeros(_grad.Shape);
                Sender.Tell(new GradZeroed(_id), Self);
                break;
            default:
                Reject(message);
                break;
        }
    }

    private void OnGradient(long pass, Tensor gradient)
    {
        var ready = _gradients.Add(pass, gradient);
        if (ready is not null) Backward(ready);
    }

    /// <summary>All gradients of the pass arrived: accumulate (leaf) or apply the VJP and send upstream.</summary>
    private void Backward(PassState pass)
    {
        var tracker = pass.Tracker!;
        try
        {
            var sum = pass.Sum!;
            if (!sum.Dims.SequenceEqual(_value!.Dims))
                throw new InvalidOperationException(
                    $"gradient of shape {Tensor.ShapeText(sum.Dims)} does not match the value's shape {Tensor.ShapeText(_value.Dims)}");
            if (_isLeaf)
            {
                if (_requiresGrad) _grad = _grad is null ? sum : GradientRules.Accumulate(_grad, sum);
                tracker.Tell(new LeafDone(pass.Pass, _id), Self);
                return;
            }
            if (_savedTensorsFreed) throw new InvalidOperationException(SecondBackwardMessage);
            var grads = GradientRules.Apply(_op!, sum, _inputs, _value, _needsGrad);
            for (int i = 0; i < _needsGrad.Length; i++)
            {
                if (!_needsGrad[i]) continue;
                var g = grads[i] ?? throw new InvalidOperationException($"{_op!.GradFnName} returned no gradient for input {i}");
                _inputActors[i].Tell(new Gradient(pass.Pass, g), Self);
            }
            if (!pass.RetainGraph && _op!.SavesTensors)
            {
                _savedTensorsFreed = true;
                _inputs = [];
            }
        }
        catch (Exception e)
        {
            tracker.Tell(new PassFailed(pass.Pass, _id, _opName, e.Message), Self);
        }
    }

    private void Fail(ValueFailed failure)
    {
        _failure = failure;
        _inputs = [];
        _subscribers.Fail(failure, _send);
        Become(Failed);
        Stash?.UnstashAll();  // null while a definition from the constructor fails: nothing stashed yet
    }

    private void Failed(object message)
    {
        var failure = _failure!;
        switch (message)
        {
            case Subscribe subscribe:
                subscribe.Subscriber.Tell(failure, Self);
                break;
            case GetValue:
                Sender.Tell(failure, Self);
                break;
            case PassPlan plan:
                plan.Tracker.Tell(new PassFailed(plan.Pass, failure.Node, failure.Op, failure.Message), Self);
                break;
            case Gradient or SeedGradient or InputValue or ValueFailed:
                break;  // the plan of the pass reports the failure; inputs no longer matter
            case GetGrad:
                Sender.Tell(new NodeGrad(_id, null), Self);
                break;
            case ZeroGrad:
                Sender.Tell(new GradZeroed(_id), Self);
                break;
            default:
                Reject(message);
                break;
        }
    }

    /// <summary>Answers what this node cannot handle, so nobody waits in silence; never answers a rejection.</summary>
    private void Reject(object message)
    {
        var reason = message is CreateLeaf or CreateOp or CreateDetached
            ? $"node {_id} ({_opName}) is already defined"
            : $"node {_id} ({_opName}) cannot handle {message.GetType().Name} now";
        Log.Warning(reason);
        if (message is not Rejected && !Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters))
            Sender.Tell(new Rejected(message.GetType().Name, reason), Self);
    }

    private ILoggingAdapter Log => Context.GetLogger();

    protected override void PostStop() => _definitionDeadline?.Cancel();

    /// <summary>The node was referenced but its definition never came.</summary>
    private sealed class DefinitionDeadline : INoSerializationVerificationNeeded
    {
        public static readonly DefinitionDeadline Instance = new();
    }
}
