using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The mask x &lt; other (1 or 0) of two tensors, with broadcasting; no derivative.</summary>
public sealed class LtOp(OpSpec spec) : ComparisonOp(spec)
{
    public override string GradFnName => "LtBackward";

    protected override Comparison Comparison => Comparison.Less;
}
