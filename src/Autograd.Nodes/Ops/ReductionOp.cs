using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// sum and mean: over everything (Dim null, a 0-dimensional result) or along Dim, keeping it as
/// size 1 with KeepDim. The VJP repeats the gradient back along what was reduced, scaled for mean.
/// </summary>
public abstract class ReductionOp(OpSpec spec) : Op(spec)
{
    public sealed override int Arity => 1;
    public sealed override bool SavesTensors => false;

    public sealed override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        if (Spec.Dim is not int dim) return [];
        return Dimensions.Reduced(shape, Dimensions.Normalize(dim, shape, Name), Spec.KeepDim);
    }

    /// <summary>The factor each gradient element is multiplied by: 1 for sum, 1/size for mean.</summary>
    protected abstract float Scale(Tensor input);

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var input = inputs[0];
        float scale = Scale(input);
        if (Spec.Dim is not int dim) return [Tensor.Full(gradOutput.Item() * scale, input.Shape)];
        return [Reductions.Expand(gradOutput, input.Dims, dim, scale)];
    }

    /// <summary>How many elements were reduced into each output element.</summary>
    protected int ReducedCount(Tensor input) =>
        Spec.Dim is int dim && input.Rank > 0 ? input.Dims[Dimensions.Normalize(dim, input.Dims, Name)] : input.Count;
}
