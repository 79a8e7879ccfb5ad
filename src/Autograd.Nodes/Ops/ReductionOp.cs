using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// sum and mean: over everything (Dim and Dims null, a 0-dimensional result), along Dim, or over
/// the list Dims at once (an empty list: every dim, as PyTorch 1.13), keeping the reduced dims as
/// size 1 with KeepDim. The VJP repeats the gradient back along what was reduced, scaled for mean.
/// </summary>
public abstract class ReductionOp(OpSpec spec) : Op(spec)
{
    public sealed override int Arity => 1;
    public sealed override bool SavesTensors => false;

    public sealed override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        if (Spec.Dim is not null && Spec.Dims is not null)
            throw new ArgumentException($"{Name}: give either one dim or a list of dims, not both");
        if (ReducedDims(shape) is not { } dims) return [];
        return Reductions.ReducedShape(shape, dims, Spec.KeepDim);
    }

    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        var dims = ReducedDims(x.Dims);
        var sum = dims is null ? Reductions.Sum(x) : Reductions.Sum(x, dims, Spec.KeepDim);
        int divisor = Divisor(x);
        return divisor == 1 ? sum : Elementwise.WithScalar(Arithmetic.Divide, sum, divisor);
    }

    /// <summary>
    /// Over dims other than 0 each shard reduces its own rows; over dim 0 or everything each shard
    /// sums its block, the partial sums are added, and a mean divides by the whole count once.
    /// </summary>
    public sealed override ShardingRule Sharding(ShardingQuery query)
    {
        var shape = query.InputShapes[0];
        if (shape.Length == 0) return ShardingRule.GatherFirst;
        var dims = ReducedDims(shape);
        if (dims is not null && !dims.Contains(0)) return ShardingRule.PerShard;
        int count = dims is null ? Tensor.CheckShape(shape) : dims.Aggregate(1, (n, d) => n * shape[d]);
        return new ShardingRule.Partials(
            Spec with { Name = "sum" },
            new OpSpec("sum_partials"),
            Name == "mean" ? new OpSpec("div_scalar", count) : null);
    }

    /// <summary>What the sum is divided by: 1 for sum, the count of reduced elements for mean.</summary>
    protected abstract int Divisor(Tensor input);

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var input = inputs[0];
        float scale = 1f / Divisor(input);
        var dims = ReducedDims(input.Dims);
        if (dims is null || dims.Length == input.Rank && input.Rank > 0)
            return [Tensor.Full(gradOutput.Item() * scale, input.SharedShape)];
        return [Reductions.Expand(gradOutput, input.Shape, dims, scale)];
    }

    /// <summary>How many elements were reduced into each output element.</summary>
    protected int ReducedCount(Tensor input) =>
        ReducedDims(input.Dims) is { } dims ? dims.Aggregate(1, (n, d) => n * input.Dims[d]) : input.Count;

    /// <summary>The dims reduced, normalized and ascending; null for "everything" (no dim given).</summary>
    private int[]? ReducedDims(ReadOnlySpan<int> shape) =>
        Spec.Dim is int dim ? Reductions.NormalizeDims([dim], shape, Name)
        : Spec.Dims is { } dims ? Reductions.NormalizeDims(dims, shape, Name)
        : null;
}
