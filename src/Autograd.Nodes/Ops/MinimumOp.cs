using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Elementwise minimum of two tensors with broadcasting; NaN wins. d/da = g where a &lt; b, g/2 at
/// ties, 0 where a &gt; b (PyTorch 1.13's split of a tie): a's share of the minimum is b's of the maximum.
/// </summary>
public sealed class MinimumOp(OpSpec spec) : BroadcastingOp(spec)
{
    public override string GradFnName => "MinimumBackward";

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Comparisons.Minimum(inputs[0], inputs[1]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
    [
        needsGrad[0] ? Elementwise.Multiply(gradOutput, Comparisons.ShareOfMaximum(inputs[1], inputs[0])) : null,
        needsGrad[1] ? Elementwise.Multiply(gradOutput, Comparisons.ShareOfMaximum(inputs[0], inputs[1])) : null,
    ];
}
