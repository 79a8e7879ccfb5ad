using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// A mask of two tensors compared elementwise with broadcasting (gt, lt, ge, le, eq): float 1 where
/// the comparison holds, else 0 (NaN compares false). Masks have no derivative: the node never
/// requires grad, whatever its inputs do, as a comparison in PyTorch.
/// </summary>
public abstract class ComparisonOp(OpSpec spec) : BroadcastingOp(spec)
{
    protected abstract Comparison Comparison { get; }

    public sealed override bool IsDifferentiable(int input) => false;

    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs) => Comparisons.Compare(Comparison, inputs[0], inputs[1]);

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [null, null];
}
