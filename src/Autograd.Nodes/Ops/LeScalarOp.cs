using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The mask x ≤ c (1 or 0) of a tensor and the scalar c; no derivative.</summary>
public sealed class LeScalarOp(OpSpec spec) : ScalarComparisonOp(spec)
{
    public override string GradFnName => "LeBackward";

    protected override Comparison Comparison => Comparison.LessOrEqual;
}
