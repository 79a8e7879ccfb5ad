using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Cross entropy of logits [N, C] against class indices [N] (stored as float32), mean over N,
/// shape []; as PyTorch, also logits [N, C, d1, ...] against labels [N, d1, ...] (the class dim is
/// dim 1; mean over every label) and unbatched logits [C] against a 0-dimensional label. Fused: per
/// position loss = logsumexp over the classes - logit of the label, computed stably, with no
/// log_softmax node in between. d/dlogits = g (softmax - onehot(label)) / count; the labels have
/// no derivative.
/// </summary>
public sealed class CrossEntropyOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "NllLossBackward";
    public override int Arity => 2;

    public override bool IsDifferentiable(int input) => input == 0;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] logits = inputShapes[0], labels = inputShapes[1];
        if (logits.Length == 0)
            throw new ArgumentException(
                $"cross_entropy: expects logits [N, C, d1, ...] and labels [N, d1, ...], or logits [C] and a 0-dimensional label, " +
                $"got {Tensor.ShapeText(logits)} and {Tensor.ShapeText(labels)}");
        var expected = LabelShape(logits);
        if (!labels.AsSpan().SequenceEqual(expected))
            throw new ArgumentException(
                $"cross_entropy: Expected target size {Tensor.ShapeText(expected)}, got {Tensor.ShapeText(labels)} " +
                $"(logits {Tensor.ShapeText(logits)}: logits [N, C, d1, ...] take labels [N, d1, ...], logits [C] a 0-dimensional label)");
        return [];
    }

    /// <summary>
    /// A mean over rows: logits and labels sharded alike along the batch (dim 0; not the classes of
    /// 1-D logits), each shard's loss weighted by its share of the rows.
    /// </summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.Sharded[0] && query.Sharded[1] && query.InputShapes[0].Length >= 2 ? ShardingRule.RowWeightedMean : ShardingRule.GatherFirst;

    // Both passes shift each row by its maximum into one buffer and take the exponential of the
    // whole buffer in one TensorPrimitives call. Rows are short (10 classes in an MLP): per-row
    // calls (max, subtract, exp, sum: four per row, thousands of rows) cost more in call overhead
    // than the arithmetic, and ran as unoptimized JIT code for the first steps of a run. Logits
    // with positions after the class dim go through the softmax kernels along dim 1 instead.

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        Tensor logits = inputs[0];
        var (n, c, positions) = Layout(logits.Dims);
        var labels = Labels(inputs[1], c);
        return Tensor.Scalar(positions == 1 ? RowsLoss(logits.Span, labels, n, c) : LossAlongDim1(logits, labels, n, c, positions));
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null, null];
        Tensor logits = inputs[0];
        var (n, c, positions) = Layout(logits.Dims);
        var labels = Labels(inputs[1], c);
        float scale = gradOutput.Item() / (n * positions);
        var grad = positions == 1 ? RowsGradient(logits.Span, labels, n, c, scale) : GradientAlongDim1(logits, labels, c, positions, scale);
        return [Tensor.Wrap(grad, logits.SharedShape), null];
    }

    /// <summary>Rows, classes and positions per row (the product of the dims after the class dim) of the logits.</summary>
    private static (int Rows, int Classes, int Positions) Layout(ReadOnlySpan<int> logits)
    {
        if (logits.Length == 1) return (1, logits[0], 1);
        int positions = 1;
        foreach (var size in logits[2..]) positions *= size;
        return (logits[0], logits[1], positions);
    }

    /// <summary>The labels' shape for these logits: the logits' without the class dim.</summary>
    private static int[] LabelShape(int[] logits) => logits.Length == 1 ? [] : [logits[0], .. logits[2..]];

    /// <summary>The mean loss of [n, c] logits whose classes are contiguous rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float RowsLoss(ReadOnlySpan<float> x, int[] labels, int n, int c)
    {
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
            return (float)(total / n);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(exponentials);
            ArrayPool<float>.Shared.Return(maxima);
        }
    }

    /// <summary>(softmax(row) - onehot(label)) · scale for every row of [n, c] logits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] RowsGradient(ReadOnlySpan<float> x, int[] labels, int n, int c, float scale)
    {
        var grad = Buffers.Uninitialized(n * c);   // every element is written below
        var maxima = ArrayPool<float>.Shared.Rent(n);
        try
        {
            ShiftRowsByTheirMaximum(x, grad, maxima, n, c);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(maxima);
        }
        TensorPrimitives.Exp(grad, grad);
        for (int i = 0; i < n; i++)
        {
            var row = grad.AsSpan(i * c, c);
            float factor = scale / RowSum(row);
            for (int j = 0; j < row.Length; j++) row[j] *= factor;
            row[labels[i]] -= scale;
        }
        return grad;
    }

    /// <summary>
    /// The mean loss of [n, c, d1, ...] logits: log_softmax along the class dim (whose elements are
    /// <paramref name="positions"/> apart), then the label's entry at every position.
    /// </summary>
    private static float LossAlongDim1(Tensor logits, int[] labels, int n, int c, int positions)
    {
        var logProbabilities = Softmax.LogForward(logits, 1).Span;
        double total = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < positions; j++)
                total -= logProbabilities[(i * c + labels[i * positions + j]) * positions + j];
        return (float)(total / ((double)n * positions));
    }

    /// <summary>(softmax along the class dim - onehot(label)) · scale for [n, c, d1, ...] logits.</summary>
    private static float[] GradientAlongDim1(Tensor logits, int[] labels, int c, int positions, float scale)
    {
        var grad = Softmax.Forward(logits, 1).ToArray();
        TensorPrimitives.Multiply(grad, scale, grad);
        for (int k = 0; k < labels.Length; k++)
        {
            int i = k / positions, j = k % positions;
            grad[(i * c + labels[k]) * positions + j] -= scale;
        }
        return grad;
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
