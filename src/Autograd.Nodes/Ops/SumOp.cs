using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>Sum of all elements (shape []) or along Dim with KeepDim. d/dx = g repeated to the input's shape.</summary>
public sealed class SumOp(OpSpec spec) : ReductionOp(spec)
{
    public override string GradFnName => "SumBackward";

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        Spec.Dim is int dim ? Reductions.Sum(inputs[0], dim, Spec.KeepDim) : Reductions.Sum(inputs[0]);

    protected override float Scale(Tensor input) => 1f;
}
