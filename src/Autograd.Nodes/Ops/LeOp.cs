using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The mask x ≤ other (1 or 0) of two tensors, with broadcasting; no derivative.</summary>
public sealed class LeOp(OpSpec spec) : ComparisonOp(spec)
{
    public override string GradFnName => "LeBackward";

    protected override Comparison Comparison => Comparison.LessOrEqual;
}
