using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// where(condition, x, y): x where the 0/1 float condition is not 0, else y, all three broadcast
/// against each other (torch.where on condition.bool()). d/dx = g where the condition holds, d/dy = g
/// where it does not, each summed back to its input's shape; the condition has no derivative.
/// </summary>
public sealed class WhereOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "WhereBackward";
    public override int Arity => 3;

    public override bool IsDifferentiable(int input) => input != 0;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) =>
        Selection.Shape(Name, inputShapes[0], inputShapes[1], inputShapes[2]);

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Selection.Where(Name, inputs[0], inputs[1], inputs[2]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
    [
        null,
        needsGrad[1] ? Selection.Where(Name, inputs[0], gradOutput, Tensor.Zeros()) : null,
        needsGrad[2] ? Selection.Where(Name, inputs[0], Tensor.Zeros(), gradOutput) : null,
    ];

    /// <summary>Shard by shard when the sharded operands keep their rows and a replicated one is the same for every row.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.BroadcastsAlongRows() ? ShardingRule.PerShard : ShardingRule.GatherFirst;
}
