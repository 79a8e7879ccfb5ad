using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// flatten(startDim, endDim) (Spec.Dims = [start, end], default [0, -1]): dims start..end merged into
/// one, in row-major order; a 0-dimensional tensor becomes [1]. A view, as PyTorch's reshape of a
/// contiguous tensor.
/// </summary>
public sealed class FlattenOp(OpSpec spec) : ViewOp(spec)
{
    public override string GradFnName => "ViewBackward";

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        var (start, end) = Range(shape);
        if (shape.Length == 0) return [1];
        int merged = 1;
        for (int d = start; d <= end; d++) merged *= shape[d];
        return [.. shape[..start], merged, .. shape[(end + 1)..]];
    }

    /// <summary>
    /// Always per shard on a tensor with rows: the result's rows are the input's, each row's elements in
    /// order. From dim 0 on, a shard of r rows becomes r × (the merged inner size) elements, the block of
    /// the result that unsharded flatten puts in the same place.
    /// </summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.InputShapes[0].Length > 0 ? ShardingRule.PerShard : ShardingRule.GatherFirst;

    private (int Start, int End) Range(int[] shape)
    {
        int start = Spec.Dims is [var s, _] ? s : 0, end = Spec.Dims is [_, var e] ? e : -1;
        if (Spec.Dims is not null and not [_, _])
            throw new ArgumentException($"flatten: expects dims [startDim, endDim], got {Tensor.ShapeText(Spec.Dims)}");
        int first = Dimensions.Normalize(start, shape, Name), last = Dimensions.Normalize(end, shape, Name);
        if (first > last)
            throw new ArgumentException(
                $"flatten: flatten() has invalid args: start_dim cannot come after end_dim (start {start}, end {end}, shape {Tensor.ShapeText(shape)})");
        return (first, last);
    }
}
