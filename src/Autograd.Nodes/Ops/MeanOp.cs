namespace Autograd.Ops;

/// <summary>Mean of all elements (shape []), along Dim or over Dims, with KeepDim. d/dx = g / n repeated to the input's shape.</summary>
public sealed class MeanOp(OpSpec spec) : ReductionOp(spec)
{
    public override string GradFnName => "MeanBackward";

    protected override int Divisor(Tensor input) => ReducedCount(input);
}
