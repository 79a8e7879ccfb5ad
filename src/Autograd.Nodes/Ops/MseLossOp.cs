using System.Numerics.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Mean squared error, mean(( prediction - target )²), a fused primitive with shape [].
/// Both inputs must have the same shape. d/dprediction = 2 g (p - t) / n, d/dtarget = its negative.
/// </summary>
public sealed class MseLossOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "MseLossBackward";
    public override int Arity => 2;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (!inputShapes[0].AsSpan().SequenceEqual(inputShapes[1]))
            throw new ArgumentException(
                $"mse_loss: prediction and target must have the same shape, got {Tensor.ShapeText(inputShapes[0])} and {Tensor.ShapeText(inputShapes[1])}");
        return [];
    }

    /// <summary>A mean over rows: both operands sharded alike, each shard's loss weighted by its share of the rows.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.Sharded[0] && query.Sharded[1] ? ShardingRule.RowWeightedMean : ShardingRule.GatherFirst;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var difference = Difference(inputs);
        return Tensor.Scalar(TensorPrimitives.SumOfSquares(difference) / difference.Length);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0] && !needsGrad[1]) return [null, null];
        var difference = Difference(inputs);
        float scale = 2f * gradOutput.Item() / difference.Length;
        Tensor? prediction = null, target = null;
        if (needsGrad[1])
        {
            var grad = new float[difference.Length];
            TensorPrimitives.Multiply(difference, -scale, grad);
            target = Tensor.Wrap(grad, inputs[1].SharedShape);
        }
        if (needsGrad[0])
        {
            TensorPrimitives.Multiply(difference, scale, difference);   // reuse the scratch: nothing else reads it
            prediction = Tensor.Wrap(difference, inputs[0].SharedShape);
        }
        return [prediction, target];
    }

    private static float[] Difference(IReadOnlyList<Tensor> inputs)
    {
        var difference = new float[inputs[0].Count];
        TensorPrimitives.Subtract(inputs[0].Span, inputs[1].Span, difference);
        return difference;
    }
}
