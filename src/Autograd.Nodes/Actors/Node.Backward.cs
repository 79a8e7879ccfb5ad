using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Actors;

// The backward side of a node: running a pass once its gradients are in, and being released.
internal sealed partial class Node
{
    public const string SecondBackwardMessage =
        "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
        "already been freed). Saved intermediate values of the graph are freed when you call BackwardAsync. " +
        "Specify retainGraph: true if you need to backward through the graph a second time";

    private bool _released;

    /// <summary>
    /// Released by the client and done with everything it still owed: its value reached every
    /// subscriber it had, and no planned backward pass waits for it. Its actor then stops.
    /// </summary>
    public bool CanBeDropped =>
        _released && Current is State.Ready or State.Failed && _gradients?.HasPlannedPass != true;

    /// <summary>The client can no longer reach this node (see <see cref="ReleaseNodes"/>).</summary>
    public void Release() => _released = true;

    /// <summary>All gradients of the pass arrived: accumulate (leaf) or apply the VJP and send upstream.</summary>
    private void Backward(PassState pass)
    {
        var tracker = pass.Tracker!;
        try
        {
            var sum = pass.Sum()!;
            if (_isLeaf)
            {
                if (_requiresGrad) _grad = GradientRules.AccumulateInto(_grad, sum, _value!.Dims);
                outbox.Tell(tracker, new LeafDone(pass.Pass, id));
                return;
            }
            if (_savedTensorsFreed) throw new InvalidOperationException(SecondBackwardMessage);
            var grads = GradientRules.Apply(_op!, sum, _inputs, _value!, _needsGrad);   // one per input that needs one, in its shape
            for (int i = 0; i < _needsGrad.Length; i++)
            {
                if (grads[i] is not { } g) continue;
                var gradient = new Gradient(_inputRefs[i].Id, pass.Pass, g, id.Seq, i);
                if (_inputActors?[i] is { } input) outbox.Tell(input, gradient);  // straight to the input's actor
                else outbox.Send(_inputRefs[i], gradient);
            }
            if (!pass.RetainGraph && _op!.SavesTensors)
            {
                _savedTensorsFreed = true;
                _inputs = [];
            }
        }
        catch (Exception e)
        {
            outbox.Tell(tracker, new PassFailed(pass.Pass, id, _opName, e.Message));
        }
    }
}
