using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The mask x &gt; c (1 or 0) of a tensor and the scalar c; no derivative.</summary>
public sealed class GtScalarOp(OpSpec spec) : ScalarComparisonOp(spec)
{
    public override string GradFnName => "GtBackward";

    protected override Comparison Comparison => Comparison.Greater;
}
