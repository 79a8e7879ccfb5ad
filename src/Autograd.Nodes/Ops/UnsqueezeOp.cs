namespace Autograd.Ops;

/// <summary>unsqueeze(dim): a new dim of size 1 at Spec.Dim, in [-(rank + 1), rank].</summary>
public sealed class UnsqueezeOp(OpSpec spec) : ViewOp(spec)
{
    public override string GradFnName => "UnsqueezeBackward";

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) =>
        ShapeArguments.Inserted(inputShapes[0], NewDim(inputShapes[0]), 1);

    /// <summary>Behind the rows (dim > 0) every row gets its own new dim: per shard. A new dim 0 moves the rows.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.InputShapes[0].Length > 0 && NewDim(query.InputShapes[0]) > 0 ? ShardingRule.PerShard : ShardingRule.GatherFirst;

    private int NewDim(int[] shape) => ShapeArguments.NewDim(ShapeArguments.Required(Spec.Dim, Name), shape, Name);
}
