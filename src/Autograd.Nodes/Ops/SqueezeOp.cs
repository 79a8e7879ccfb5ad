using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// squeeze(): every dim of size 1 removed (Spec.Dim null); squeeze(dim): that dim removed if its size
/// is 1, the tensor unchanged otherwise, as PyTorch.
/// </summary>
public sealed class SqueezeOp(OpSpec spec) : ViewOp(spec)
{
    public override string GradFnName => "SqueezeBackward";

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        if (Spec.Dim is not int dim) return shape.Where(size => size != 1).ToArray();
        int d = Dimensions.Normalize(dim, shape, Name);
        return shape.Length > 0 && shape[d] == 1 ? Dimensions.Reduced(shape, d, keepDim: false) : (int[])shape.Clone();
    }

    /// <summary>
    /// Per shard when the rows stay: squeeze(dim) of a dim other than 0, or squeeze() of a tensor whose
    /// dim 0 is not 1 in the whole nor in any shard (a one-row shard would lose its row dim alone).
    /// </summary>
    public override ShardingRule Sharding(ShardingQuery query)
    {
        var shape = query.InputShapes[0];
        if (shape.Length == 0) return ShardingRule.GatherFirst;
        if (Spec.Dim is int dim) return Dimensions.Normalize(dim, shape, Name) > 0 ? ShardingRule.PerShard : ShardingRule.GatherFirst;
        bool rowsStay = shape[0] != 1 && query.RowBlocks?[0] is { } blocks && !blocks.Contains(1);
        return rowsStay ? ShardingRule.PerShard : ShardingRule.GatherFirst;
    }
}
