using Akka.Actor;
using Autograd.Optim;
using Autograd.Protocol;

namespace Autograd.Actors;

// A node as a parameter: a leaf that requires grad keeps its optimizer state beside its value and
// its .Grad, and its value is replaced by each optimizer step (or a loaded state dict). Tensors
// are immutable, so subscribers that already read the old value keep it: a graph built before a
// step computes with the values it read (PyTorch would raise an in-place modification error there).
internal sealed partial class Node
{
    private ParameterState? _optimizerState;

    private bool IsParameter => _isLeaf && _requiresGrad && _op is null && _inputRefs.Length == 0;

    /// <summary>Handles a parameter message while <see cref="State.Ready"/>; false if <paramref name="message"/> is not one.</summary>
    private bool ReadyAsParameter(object message, IActorRef sender)
    {
        switch (message)
        {
            case StepParameter step:
                if (!RequireParameter(step, sender)) return true;
                if (_grad is null)
                {
                    outbox.Tell(sender, new ParameterStepped(step.Request, id, Skipped: true));
                    return true;
                }
                Answer(step.Request, sender, () =>
                {
                    _value = ParameterUpdate.Apply(step.Optimizer.Validate(), _value!, _grad, _optimizerState ??= new());
                    return new ParameterStepped(step.Request, id, Skipped: false);
                });
                return true;
            case GetParameterState get:
                var (names, tensors) = _optimizerState?.Export(_value!.Shape) ?? ([], []);
                outbox.Tell(sender, new ParameterStateValue(get.Request, id, names, tensors));
                return true;
            case SetParameterState set:
                if (!RequireParameter(set, sender)) return true;
                Answer(set.Request, sender, () =>
                {
                    _optimizerState = ParameterState.Import(set.Names, set.Tensors, _value!.Dims);
                    return new NodeUpdated(set.Request, id);
                });
                return true;
            case AssignValue assign:
                if (!_isLeaf || _op is not null || _inputRefs.Length != 0)
                {
                    Reject(message, sender);
                    return true;
                }
                Answer(assign.Request, sender, () =>
                {
                    if (!assign.Value.Dims.SequenceEqual(_value!.Dims))
                        throw new ArgumentException(
                            $"copying a value of shape {Tensor.ShapeText(assign.Value.Dims)} into a leaf of shape {Tensor.ShapeText(_value.Dims)}");
                    _value = assign.Value;
                    return new NodeUpdated(assign.Request, id);
                });
                return true;
            default:
                return false;
        }
    }

    /// <summary>Only leaves that require grad are parameters; anything else is told so.</summary>
    private bool RequireParameter(INodeRequest request, IActorRef sender)
    {
        if (IsParameter) return true;
        var reason = $"node {id} ({_opName}) is not a leaf that requires grad, so it has no optimizer step or state";
        outbox.Warn(reason);
        outbox.Tell(sender, new Rejected(request.Request, request.GetType().Name, reason));
        return false;
    }

    /// <summary>Replies what <paramref name="apply"/> returns, or its error as a <see cref="RequestFailed"/> naming this node.</summary>
    private void Answer(long request, IActorRef sender, Func<IReply> apply)
    {
        IReply reply;
        try
        {
            reply = apply();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            reply = new RequestFailed(request, id, _opName, e.Message);
        }
        outbox.Tell(sender, reply);
    }

    private static bool IsParameterMessage(object message) =>
        message is StepParameter or GetParameterState or SetParameterState or AssignValue;
}
