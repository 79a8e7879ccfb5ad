using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The mask x &gt; other (1 or 0) of two tensors, with broadcasting; no derivative.</summary>
public sealed class GtOp(OpSpec spec) : ComparisonOp(spec)
{
    public override string GradFnName => "GtBackward";

    protected override Comparison Comparison => Comparison.Greater;
}
