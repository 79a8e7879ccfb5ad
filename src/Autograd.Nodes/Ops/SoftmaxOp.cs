using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>softmax along Spec.Dim, a fused, numerically stable primitive. d/dx = y * (g - sum(g * y, dim)).</summary>
public sealed class SoftmaxOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "SoftmaxBackward";
    public override int Arity => 1;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        Dimensions.Normalize(Dim, inputShapes[0], Name);
        return (int[])inputShapes[0].Clone();
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Softmax.Forward(inputs[0], Dim);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? Softmax.Backward(gradOutput, output, Dim) : null];

    /// <summary>Along a dim other than 0 every row is on its own: per shard.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.InputShapes[0].Length >= 2 && Dimensions.Normalize(Dim, query.InputShapes[0], Name) > 0
            ? ShardingRule.PerShard
            : ShardingRule.GatherFirst;

    private int Dim => Spec.Dim ?? throw new ArgumentException($"{Name}: a dim is required");
}
