using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// masked_fill(x, mask, Scalar): Scalar where the 0/1 float mask is not 0, else x. As PyTorch's
/// out-of-place masked_fill, x and the mask broadcast against each other (usually the mask onto x).
/// d/dx = g where not filled, 0 where filled; the mask has no derivative.
/// </summary>
public sealed class MaskedFillOp(OpSpec spec) : BroadcastingOp(spec)
{
    public override string GradFnName => "MaskedFillBackward";

    public override bool IsDifferentiable(int input) => input == 0;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        Selection.Where(Name, inputs[1], Tensor.Full(Spec.Scalar), inputs[0]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? Selection.Where(Name, inputs[1], Tensor.Zeros(), gradOutput) : null, null];
}
