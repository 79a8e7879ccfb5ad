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

    /// <summary>
    /// Over a dim other than 0 each shard reduces its own rows; over dim 0 or everything each shard
    /// sums its block, the partial sums are added, and a mean divides by the whole count once.
    /// </summary>
    public sealed override ShardingRule Sharding(ShardingQuery query)
    {
        var shape = query.InputShapes[0];
        int? dim = Spec.Dim is int d ? Dimensions.Normalize(d, shape, Name) : null;
        if (dim > 0) return ShardingRule.PerShard;
        if (shape.Length == 0) return ShardingRule.GatherFirst;
        int count = dim is null ? Tensor.CheckShape(shape) : shape[0];
        return new ShardingRule.Partials(
            new OpSpec("sum", Dim: dim, KeepDim: Spec.KeepDim),
            new OpSpec("sum_partials"),
            Name == "mean" ? new OpSpec("div_scalar", count) : null);
    }

    /// <summary>The factor each gradient element is multiplied by: 1 for sum, 1/size for mean.</summary>
    protected abstract float Scale(Tensor input);

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var input = inputs[0];
        float scale = Scale(input);
        if (Spec.Dim is not int dim) return [Tensor.Full(gradOutput.Item() * scale, input.SharedShape)];
        return [Reductions.Expand(gradOutput, input.Dims, dim, scale)];
    }

    /// <summary>How many elements were reduced into each output element.</summary>
    protected int ReducedCount(Tensor input) =>
        Spec.Dim is int dim && input.Rank > 0 ? input.Dims[Dimensions.Normalize(dim, input.Dims, Name)] : input.Count;
}
