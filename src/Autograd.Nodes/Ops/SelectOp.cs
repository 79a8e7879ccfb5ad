using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// select(dim, index): the slice at Spec.Start along Spec.Dim, that dim removed; a negative index
/// counts from the end. d/dx = g written into zeros at the slice.
/// </summary>
public sealed class SelectOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "SelectBackward";
    public override int Arity => 1;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var (dim, _) = Resolve(inputShapes[0]);
        return Dimensions.Reduced(inputShapes[0], dim, keepDim: false);
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var (dim, index) = Resolve(inputs[0].Dims);
        return Indexing.Slice(inputs[0], dim, index, 1).Reshape(Dimensions.Reduced(inputs[0].Dims, dim, keepDim: false));
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var (dim, index) = Resolve(inputs[0].Dims);
        return [Indexing.Unslice(gradOutput, inputs[0].Dims, dim, index)];
    }

    /// <summary>Along a dim other than 0 each row keeps its own slice: per shard. Selecting along dim 0 picks a row.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        Resolve(query.InputShapes[0]).Dim > 0 ? ShardingRule.PerShard : ShardingRule.GatherFirst;

    private (int Dim, int Index) Resolve(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0)
            throw new ArgumentException("select: select() cannot be applied to a 0-dim tensor.");
        int dim = Dimensions.Normalize(ShapeArguments.Required(Spec.Dim, Name), shape, Name);
        int size = shape[dim], index = Spec.Start;
        if (index < -size || index >= size)
            throw new ArgumentException(
                $"select: select(): index {index} out of range for tensor of size {Tensor.ShapeText(shape)} at dimension {dim}");
        return (dim, index < 0 ? index + size : index);
    }
}
