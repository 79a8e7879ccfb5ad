using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// index_select(dim, index): the slices of x at the indices along Spec.Dim, in the index's order; the
/// index is a 1-D (or 0-D) float32 tensor of integers in [0, size). d/dx adds each slice of g back at
/// its index, so a repeated index accumulates; the index has no derivative.
/// </summary>
public sealed class IndexSelectOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "IndexSelectBackward";
    public override int Arity => 2;

    public override bool IsDifferentiable(int input) => input == 0;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] shape = inputShapes[0], index = inputShapes[1];
        int dim = Dim(shape);
        if (index.Length > 1)
            throw new ArgumentException(
                $"index_select: index_select(): Index is supposed to be a vector, got shape {Tensor.ShapeText(index)} " +
                $"(input shape {Tensor.ShapeText(shape)})");
        var result = (int[])shape.Clone();
        result[dim] = index.Length == 0 ? 1 : index[0];
        return result;
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        int dim = Dim(inputs[0].Dims);
        return Indexing.IndexSelect(inputs[0], dim, Indices(inputs[0], inputs[1], dim));
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null, null];
        int dim = Dim(inputs[0].Dims);
        return [Indexing.IndexAdd(gradOutput, inputs[0].Dims, dim, Indices(inputs[0], inputs[1], dim)), null];
    }

    /// <summary>
    /// Per shard when each output row comes from the same shard: along a dim other than 0 of a sharded
    /// input with a replicated index, or along dim 0 of a replicated input (a table of embeddings) with a
    /// row-sharded index, whose rows are the output's rows.
    /// </summary>
    public override ShardingRule Sharding(ShardingQuery query)
    {
        int dim = Dim(query.InputShapes[0]);
        bool alongRows = dim > 0 && query.Sharded[0] && !query.Sharded[1];
        bool rowsOfTheIndex = dim == 0 && !query.Sharded[0] && query.Sharded[1] && query.InputShapes[1].Length == 1;
        return alongRows || rowsOfTheIndex ? ShardingRule.PerShard : ShardingRule.GatherFirst;
    }

    private int Dim(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0)
            throw new ArgumentException("index_select: the input must have at least one dimension, got shape []");
        return Dimensions.Normalize(ShapeArguments.Required(Spec.Dim, Name), shape, Name);
    }

    private int[] Indices(Tensor input, Tensor index, int dim) => Indexing.Indices(index, input.Dims[dim], Name, dim);
}
