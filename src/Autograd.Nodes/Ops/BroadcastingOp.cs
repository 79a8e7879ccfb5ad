using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>A tensor-tensor elementwise op whose inputs broadcast against each other (add, sub, mul, div).</summary>
public abstract class BroadcastingOp(OpSpec spec) : Op(spec)
{
    public sealed override int Arity => 2;

    public sealed override int[] InferShape(IReadOnlyList<int[]> inputShapes) =>
        Broadcasting.Shape(Name, inputShapes[0], inputShapes[1]);

    /// <summary>Shard by shard when the sharded operands keep their rows and a replicated one is the same for every row.</summary>
    public sealed override ShardingRule Sharding(ShardingQuery query) =>
        query.BroadcastsAlongRows() ? ShardingRule.PerShard : ShardingRule.GatherFirst;
}
