using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Cross entropy of logits [N, C] against class indices [N] (stored as float32), mean over N,
/// shape []. Fused: per row loss = logsumexp(row) - row[label], computed stably, with no
/// log_softmax node in between. d/dlogits = g (softmax(row) - onehot(label)) / N; the labels
/// have no derivative.
/// </summary>
public sealed class CrossEntropyOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "NllLossBackward";
    public override int Arity => 2;

    public override bool IsDifferentiable(int input) => input == 0;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] logits = inputShapes[0], labels = inputShapes[1];
        if (logits.Length != 2 || labels.Length != 1 || labels[0] != logits[0])
            throw new ArgumentException(
                $"cross_entropy: expects logits [N, C] and labels [N], got {Tensor.ShapeText(logits)} and {Tensor.ShapeText(labels)}");
        return [];
    }

    // Both passes shift each row by its maximum into one buffer and take the exponential of the
    // whole buffer in one TensorPrimitives call. Rows are short (10 classes in an MLP): per-row
    // calls (max, subtract, exp, sum: four per row, thousands of rows) cost more in call overhead
    // than the arithmetic, and ran as unoptimized JIT code for the first steps of a run.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>A mean over rows: both operands sharded alike, each shard's loss weighted by its share of the rows.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.Sharded[0] && query.Sharded[1] ? ShardingRule.RowWeightedMean : ShardingRule.GatherFirst;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        Tensor logits = inputs[0];
        int n = logits.Dims[0], c = logits.Dims[1];
        var labels = Labels(inputs[1], c);
        var x = logits.Span;
        var exponentials = ArrayPool<float>.Shared.Rent(n * c);
        var maxima = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var shifted = exponentials.AsSpan(0, n * c);
            ShiftRowsByTheirMaximum(x, shifted, maxima, n, c);
            TensorPrimitives.Exp(shifted, shifted);
            double total = 0;
            for (int i = 0; i < n; i++)
                total += maxima[i] + MathF.Log(RowSum(shifted.Slice(i * c, c))) - x[i * c + labels[i]];
            return Tensor.Scalar((float)(total / n));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(exponentials);
            ArrayPool<float>.Shared.Return(maxima);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null, null];
        Tensor logits = inputs[0];
        int n = logits.Dims[0], c = logits.Dims[1];
        var labels = Labels(inputs[1], c);
        float scale = gradOutput.Item() / n;
        var grad = Buffers.Uninitialized(n * c);   // every element is written below
        var maxima = ArrayPool<float>.Shared.Rent(n);
        try
        {
            ShiftRowsByTheirMaximum(logits.Span, grad, maxima, n, c);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(maxima);
        }
        TensorPrimitives.Exp(grad, grad);
        for (int i = 0; i < n; i++)
        {
            // (softmax(row) - onehot(label)) · scale
            var row = grad.AsSpan(i * c, c);
            float factor = scale / RowSum(row);
            for (int j = 0; j < row.Length; j++) row[j] *= factor;
            row[labels[i]] -= scale;
        }
        return [Tensor.Wrap(grad, logits.SharedShape), null];
    }

    /// <summary>shifted[i, j] = x[i, j] - max_j x[i, j], the maxima kept for the log-sum-exp. NaN propagates, as in PyTorch.</summary>
    private static void ShiftRowsByTheirMaximum(ReadOnlySpan<float> x, Span<float> shifted, float[] maxima, int n, int c)
    {
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * c, c);
            float max = float.NegativeInfinity;
            for (int j = 0; j < row.Length; j++) max = MathF.Max(max, row[j]);
            maxima[i] = max;
            var into = shifted.Slice(i * c, c);
            for (int j = 0; j < row.Length; j++) into[j] = row[j] - max;
        }
    }

    private static float RowSum(ReadOnlySpan<float> row)
    {
        float sum = 0f;
        for (int j = 0; j < row.Length; j++) sum += row[j];
        return sum;
    }

    /// <summary>The labels as indices; each must be a whole number in [0, C).</summary>
    private static int[] Labels(Tensor labels, int classes)
    {
        var values = labels.Span;
        var indices = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v < classes) || v != MathF.Floor(v))
                throw new ArgumentException(
                    $"cross_entropy: label {v} at position {i} is not a class index in [0, {classes - 1}] (the logits have {classes} classes)");
            indices[i] = (int)v;
        }
        return indices;
    }
}
