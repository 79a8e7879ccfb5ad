using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>permute(dims): dim i of the result is dim Spec.Dims[i] of the input. d/dx = g permuted back (the inverse permutation).</summary>
public sealed class PermuteOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "PermuteBackward";
    public override int Arity => 1;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        return Dims(shape).Select(d => shape[d]).ToArray();
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Indexing.Permute(inputs[0], Dims(inputs[0].Dims));

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? Indexing.Permute(gradOutput, Indexing.Inverse(Dims(inputs[0].Dims))) : null];

    /// <summary>When dim 0 stays first the rows stay rows: per shard.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.InputShapes[0].Length > 0 && Dims(query.InputShapes[0])[0] == 0 ? ShardingRule.PerShard : ShardingRule.GatherFirst;

    /// <summary>The permutation, normalized: one entry per dim of the input, each dim once.</summary>
    private int[] Dims(ReadOnlySpan<int> shape)
    {
        var dims = Spec.Dims ?? throw new ArgumentException("permute: the order of dims is required");
        if (dims.Length != shape.Length)
            throw new ArgumentException(
                "permute: number of dimensions in the tensor input does not match the length of the desired ordering of dimensions " +
                $"i.e. input.dim() = {shape.Length} is not equal to len(dims) = {dims.Length} " +
                $"(shape {Tensor.ShapeText(shape)}, dims {Tensor.ShapeText(dims)})");
        var normalized = new int[dims.Length];
        var seen = new bool[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            normalized[i] = Dimensions.Normalize(dims[i], shape, Name);
            if (seen[normalized[i]])
                throw new ArgumentException($"permute: permute(): duplicate dims are not allowed (dims {Tensor.ShapeText(dims)}).");
            seen[normalized[i]] = true;
        }
        return normalized;
    }
}
