namespace Autograd.Ops;

/// <summary>Sum of all elements (shape []), along Dim or over Dims, with KeepDim. d/dx = g repeated to the input's shape.</summary>
public sealed class SumOp(OpSpec spec) : ReductionOp(spec)
{
    public override string GradFnName => "SumBackward";

    protected override int Divisor(Tensor input) => 1;
}
