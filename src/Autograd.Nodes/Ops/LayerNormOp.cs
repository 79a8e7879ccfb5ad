using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// <c>torch.nn.functional.layer_norm</c> as one node: x normalized over its trailing dims
/// (<see cref="OpSpec.Shape"/>, the normalized shape) with the biased variance and eps
/// (<see cref="OpSpec.Scalar"/>), then scaled by a weight and shifted by a bias of the normalized
/// shape. <see cref="OpSpec.Parts"/> counts the inputs: 1 (x), 2 (x, weight) or 3 (x, weight, bias);
/// the client gives a bias without a weight a weight of ones. Forward and VJP are fused
/// (<see cref="LayerNormalization"/>): no mean, variance or normalized tensor is a node of its own.
/// </summary>
public sealed class LayerNormOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "NativeLayerNormBackward";
    public override int Arity => Spec.Parts is 2 or 3 ? Spec.Parts : 1;

    private int[] NormalizedShape => Spec.Shape ?? [];

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var normalized = NormalizedShape;
        var x = inputShapes[0];
        if (normalized.Length == 0)
            throw new ArgumentException(
                $"{Name}: Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, " +
                $"but got normalized_shape = {Tensor.ShapeText(normalized)} (input {Tensor.ShapeText(x)})");
        if (x.Length < normalized.Length || !x.AsSpan(x.Length - normalized.Length).SequenceEqual(normalized))
            throw new ArgumentException(
                $"{Name}: Given normalized_shape={Tensor.ShapeText(normalized)}, expected input with shape " +
                $"[*, {string.Join(", ", normalized)}], but got input of size{Tensor.ShapeText(x)}");
        for (int i = 1; i < inputShapes.Count; i++)
            if (!inputShapes[i].AsSpan().SequenceEqual(normalized))
                throw new ArgumentException(
                    $"{Name}: Expected {(i == 1 ? "weight" : "bias")} to be of same shape as normalized_shape, but got " +
                    $"{(i == 1 ? "weight" : "bias")} of shape {Tensor.ShapeText(inputShapes[i])} and normalized_shape = {Tensor.ShapeText(normalized)}");
        return (int[])x.Clone();
    }

    /// <summary>Per shard when dim 0 is not normalized (each row on its own) and weight and bias are replicated.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.Sharded[0] && !query.Sharded.Skip(1).Any(s => s) && query.InputShapes[0].Length > NormalizedShape.Length
            ? ShardingRule.PerShard
            : ShardingRule.GatherFirst;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        LayerNormalization.Forward(inputs[0], NormalizedShape, Input(inputs, 1), Input(inputs, 2), Spec.Scalar);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        var (x, weight, bias) = LayerNormalization.Backward(gradOutput, inputs[0], NormalizedShape, Input(inputs, 1), Spec.Scalar,
            needsGrad[0], Arity > 1 && needsGrad[1], Arity > 2 && needsGrad[2]);
        return Arity switch
        {
            1 => [x],
            2 => [x, weight],
            _ => [x, weight, bias],
        };
    }

    private static Tensor? Input(IReadOnlyList<Tensor> inputs, int index) => index < inputs.Count ? inputs[index] : null;
}
