using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// clamp(x, Min, Max) = min(max(x, Min), Max), either bound optional but not both (PyTorch's error);
/// Min &gt; Max gives Max everywhere, as PyTorch. d/dx = g where Min ≤ x ≤ Max (the bounds included:
/// PyTorch passes the gradient there), else 0.
/// </summary>
public sealed class ClampOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "ClampBackward";
    public override int Arity => 1;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (Spec.Min is null && Spec.Max is null)
            throw new ArgumentException($"{Name}: At least one of 'min' or 'max' must not be None");
        return (int[])inputShapes[0].Clone();
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => UnaryMath.Clamp(inputs[0], Spec.Min, Spec.Max);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? UnaryMath.ClampGrad(gradOutput, inputs[0], Spec.Min, Spec.Max) : null];

    /// <summary>Elementwise: every shard on its own.</summary>
    public override ShardingRule Sharding(ShardingQuery query) => ShardingRule.PerShard;
}
