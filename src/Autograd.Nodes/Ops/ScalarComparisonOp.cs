using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// A mask of a tensor compared elementwise with the scalar <see cref="OpSpec.Scalar"/> (gt_scalar...):
/// float 1 where the comparison holds, else 0 (NaN compares false); no derivative, as <see cref="ComparisonOp"/>.
/// </summary>
public abstract class ScalarComparisonOp(OpSpec spec) : UnaryOp(spec)
{
    protected abstract Comparison Comparison { get; }

    public sealed override bool IsDifferentiable(int input) => false;

    protected sealed override Tensor Forward(Tensor x) => Comparisons.Compare(Comparison, x, Spec.Scalar);

    // Never asked for: the engine requests no gradient of an input that is not differentiable.
    protected sealed override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) =>
        throw new InvalidOperationException($"{Name} is not differentiable");
}
