using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The mask x = c (1 or 0) of a tensor and the scalar c; no derivative.</summary>
public sealed class EqScalarOp(OpSpec spec) : ScalarComparisonOp(spec)
{
    public override string GradFnName => "EqBackward";

    protected override Comparison Comparison => Comparison.Equal;
}
