namespace Autograd.Ops;

/// <summary>An op of one tensor whose output has the input's shape (exp, tanh, x + c, ...).</summary>
public abstract class UnaryOp(OpSpec spec) : Op(spec)
{
    public sealed override int Arity => 1;

    public sealed override int[] InferShape(IReadOnlyList<int[]> inputShapes) => (int[])inputShapes[0].Clone();

    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs[0]);

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? Backward(gradOutput, inputs[0], output) : null];

    /// <summary>Elementwise: every shard on its own.</summary>
    public override ShardingRule Sharding(ShardingQuery query) => ShardingRule.PerShard;

    protected abstract Tensor Forward(Tensor x);

    /// <summary>The gradient for the input, given the output's gradient, the input and the output.</summary>
    protected abstract Tensor Backward(Tensor gradOutput, Tensor x, Tensor y);
}
