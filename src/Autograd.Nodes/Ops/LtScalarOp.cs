using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The mask x &lt; c (1 or 0) of a tensor and the scalar c; no derivative.</summary>
public sealed class LtScalarOp(OpSpec spec) : ScalarComparisonOp(spec)
{
    public override string GradFnName => "LtBackward";

    protected override Comparison Comparison => Comparison.Less;
}
