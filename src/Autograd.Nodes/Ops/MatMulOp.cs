using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Matrix product with <c>torch.matmul</c>'s semantics: [m,k]@[k,n] → [m,n]; a 1-D left operand is
/// a row and a 1-D right operand a column, removed from the result ([k]@[k] → [], the dot); dims
/// before the last two are batch dims, broadcast against each other ([b,1,m,k]@[c,k,n] →
/// [b,c,m,n]). Every case is GEMMs reading the operands in place (<see cref="BatchedMatMul"/>); the
/// VJP is two more: dA = dC·Bᵀ, dB = Aᵀ·dC, summed over the batches an operand was broadcast to.
/// </summary>
public sealed class MatMulOp(OpSpec spec) : Op(spec)
{
    // PyTorch names the batched forms by their implementation (BmmBackward, UnsafeViewBackward): the name of the 2-D product is kept.
    public override string GradFnName => "MmBackward";
    public override int Arity => 2;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) => Plan(inputShapes[0], inputShapes[1]).OutputShape;

    /// <summary>
    /// Per shard when every output row (dim 0) is computed from its own rows of the sharded inputs and
    /// from all of each replicated one: a row-sharded matrix times a replicated one, or batched products
    /// sharded along the batch (dim 0) with replicated operands that broadcast over it. dB of a replicated
    /// operand is then the sum of the shards' partials, arriving where it lives.
    /// </summary>
    public override ShardingRule Sharding(ShardingQuery query)
    {
        var plan = Plan(query.InputShapes[0], query.InputShapes[1]);
        // No batch: output dim 0 is a's rows when a is a matrix (with a 1-D a it is b's columns).
        if (plan.Batch.Length == 0)
            return query.Sharded[0] && !query.Sharded[1] && plan.ShapeA.Length == 2 ? ShardingRule.PerShard : ShardingRule.GatherFirst;
        // Batched: output dim 0 is batch dim 0, which a sharded operand must have whole and a replicated one broadcast.
        bool Fits(int[] batch, bool sharded) => sharded
            ? batch.Length == plan.Batch.Length && batch[0] == plan.Batch[0]
            : batch.Length < plan.Batch.Length || batch[0] == 1;
        return Fits(plan.BatchA, query.Sharded[0]) && Fits(plan.BatchB, query.Sharded[1]) ? ShardingRule.PerShard : ShardingRule.GatherFirst;
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Plan(inputs[0].Shape, inputs[1].Shape).Multiply(inputs[0], inputs[1]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        Tensor a = inputs[0], b = inputs[1];
        var plan = Plan(a.Shape, b.Shape);
        return
        [
            needsGrad[0] ? plan.GradientOfA(gradOutput, b) : null,
            needsGrad[1] ? plan.GradientOfB(gradOutput, a) : null,
        ];
    }

    private BatchedMatMul Plan(int[] a, int[] b) => BatchedMatMul.Plan(Name, a, b);
}
