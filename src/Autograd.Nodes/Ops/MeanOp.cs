using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>Mean of all elements (shape []) or along Dim with KeepDim. d/dx = g / n repeated to the input's shape.</summary>
public sealed class MeanOp(OpSpec spec) : ReductionOp(spec)
{
    public override string GradFnName => "MeanBackward";

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        Spec.Dim is int dim ? Reductions.Mean(inputs[0], dim, Spec.KeepDim) : Reductions.Mean(inputs[0]);

    protected override float Scale(Tensor input) => 1f / ReducedCount(input);
}
