using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Elementwise maximum of two tensors with broadcasting; NaN wins. d/da = g where a &gt; b, g/2 at
/// ties, 0 where a &lt; b (PyTorch 1.13's split of a tie), and d/db the other way round.
/// </summary>
public sealed class MaximumOp(OpSpec spec) : BroadcastingOp(spec)
{
    public override string GradFnName => "MaximumBackward";

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Comparisons.Maximum(inputs[0], inputs[1]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
    [
        needsGrad[0] ? Elementwise.Multiply(gradOutput, Comparisons.ShareOfMaximum(inputs[0], inputs[1])) : null,
        needsGrad[1] ? Elementwise.Multiply(gradOutput, Comparisons.ShareOfMaximum(inputs[1], inputs[0])) : null,
    ];
}
