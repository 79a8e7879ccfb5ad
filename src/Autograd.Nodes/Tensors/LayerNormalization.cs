using System.Buffers;
using System.Numerics.Tensors;

namespace Autograd.Tensors;

/// <summary>
/// Layer normalization over the trailing dims (<c>normalizedShape</c>, one row each), as
/// <c>torch.nn.functional.layer_norm</c>: y = (x − mean) / √(var + eps) · w + b with the biased
/// variance, and its fused VJP. Rows are contiguous, so every step is a TensorPrimitives call on a
/// whole row. The mean and 1/σ are recomputed in the backward pass from x (two row reductions)
/// rather than kept beside the output.
/// </summary>
public static class LayerNormalization
{
    /// <summary>y for <paramref name="x"/> viewed as rows of <paramref name="normalizedShape"/>; weight and bias of that shape, or null.</summary>
    public static Tensor Forward(Tensor x, int[] normalizedShape, Tensor? weight, Tensor? bias, float eps)
    {
        int width = Tensor.CheckShape(normalizedShape);
        var result = Buffers.Uninitialized(x.Count);   // every row is written below
        var s = x.Span;
        for (int row = 0; row * width < s.Length; row++)
        {
            var into = result.AsSpan(row * width, width);
            float inverseDeviation = Normalize(s.Slice(row * width, width), eps, into);
            TensorPrimitives.Multiply(into, inverseDeviation, into);
            if (weight is not null) TensorPrimitives.Multiply(into, weight.Span, into);
            if (bias is not null) TensorPrimitives.Add(into, bias.Span, into);
        }
        return Tensor.Wrap(result, x.SharedShape);
    }

    /// <summary>
    /// The gradients of x, weight and bias (null where not asked for) given the output's gradient
    /// <paramref name="g"/>. With x̂ the normalized row and ĝ = g·w: dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) / σ,
    /// dw = Σ_rows g·x̂, db = Σ_rows g.
    /// </summary>
    public static (Tensor? X, Tensor? Weight, Tensor? Bias) Backward(
        Tensor g, Tensor x, int[] normalizedShape, Tensor? weight, float eps, bool needsX, bool needsWeight, bool needsBias)
    {
        int width = Tensor.CheckShape(normalizedShape);
        var xs = x.Span;
        var gs = g.Span;
        float[]? dx = needsX ? Buffers.Uninitialized(x.Count) : null;
        float[]? dw = needsWeight ? new float[width] : null;
        var pool = ArrayPool<float>.Shared;
        float[] normalizedRental = pool.Rent(width), scaledRental = pool.Rent(width);
        try
        {
            var normalized = normalizedRental.AsSpan(0, width);
            var scaled = scaledRental.AsSpan(0, width);
            for (int row = 0; row * width < xs.Length; row++)
            {
                var gRow = gs.Slice(row * width, width);
                float inverseDeviation = Normalize(xs.Slice(row * width, width), eps, normalized);
                TensorPrimitives.Multiply(normalized, inverseDeviation, normalized);
                if (dw is not null) TensorPrimitives.MultiplyAdd(gRow, normalized, dw, dw);
                if (dx is null) continue;
                if (weight is not null) TensorPrimitives.Multiply(gRow, weight.Span, scaled);
                else gRow.CopyTo(scaled);
                float meanScaled = TensorPrimitives.Sum(scaled) / width;
                float meanProjection = TensorPrimitives.Dot(scaled, normalized) / width;
                var into = dx.AsSpan(row * width, width);
                TensorPrimitives.MultiplyAdd(normalized, -meanProjection, scaled, into);
                TensorPrimitives.Subtract(into, meanScaled, into);
                TensorPrimitives.Multiply(into, inverseDeviation, into);
            }
        }
        finally
        {
            pool.Return(normalizedRental);
            pool.Return(scaledRental);
        }
        Tensor? db = null;
        if (needsBias)
        {
            var sum = new float[width];
            Broadcasting.SumRows(gs, sum);
            db = Tensor.Wrap(sum, (int[])normalizedShape.Clone());
        }
        return (dx is null ? null : Tensor.Wrap(dx, x.SharedShape), dw is null ? null : Tensor.Wrap(dw, (int[])normalizedShape.Clone()), db);
    }

    /// <summary>Writes row − mean(row) into <paramref name="centered"/> and returns 1/√(var + eps), var the biased variance.</summary>
    private static float Normalize(ReadOnlySpan<float> row, float eps, Span<float> centered)
    {
        float mean = TensorPrimitives.Sum(row) / row.Length;
        TensorPrimitives.Subtract(row, mean, centered);
        float variance = TensorPrimitives.SumOfSquares(centered) / row.Length;
        return 1f / MathF.Sqrt(variance + eps);
    }
}
