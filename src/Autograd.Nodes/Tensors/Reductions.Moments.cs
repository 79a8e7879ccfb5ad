using System.Buffers;
using System.Numerics.Tensors;

namespace Autograd.Tensors;

/// <summary>
/// Count, mean and M2 = Σ (x - mean)² over some elements. The mean is carried as two float32s
/// (<see cref="Mean"/> + <see cref="Remainder"/>, the part of the exact mean that float32
/// rounding dropped): joining parts far from zero (values near 1000 spread by 0.3) with a float32
/// mean alone lost the last four digits of the variance.
/// </summary>
public sealed record Moments(float[] Mean, float[] Remainder, float[] M2, int Count);

// Variance from count, mean and M2: computed in two passes (never as the mean of squares minus the
// squared mean, which cancels catastrophically), and joined across parts with Chan et al.'s update.
public static partial class Reductions
{
    /// <summary>
    /// The moments along <paramref name="dim"/> (normalized; null: over every element), outer × inner
    /// of each. Two passes: the float32 mean c, then the deviations x - c (exact when x is near c),
    /// whose sum r corrects both: the exact mean is c + r/n and M2 = Σ (x - c)² - r²/n.
    /// </summary>
    public static Moments MomentsOf(Tensor x, int? dim)
    {
        if (dim is not int d)
        {
            var all = x.Span;
            float mean = TensorPrimitives.Sum(all) / all.Length;   // NaN when empty, as PyTorch
            var (remainder, m2) = Deviations(all, mean);
            return new([mean], [remainder], [m2], all.Length);
        }
        var (outer, size, inner) = Dimensions.Split(x.Dims, d);
        var means = Sum(x, d).ToArray();
        TensorPrimitives.Divide(means, size, means);
        var remainders = new float[outer * inner];
        var m2s = new float[outer * inner];
        var s = x.Span;
        var scratch = ArrayPool<float>.Shared.Rent(inner);
        try
        {
            for (int o = 0; o < outer; o++)
            {
                var block = s.Slice(o * size * inner, size * inner);
                if (inner == 1)
                {
                    (remainders[o], m2s[o]) = Deviations(block, means[o]);
                    continue;
                }
                var mean = means.AsSpan(o * inner, inner);
                var sum = remainders.AsSpan(o * inner, inner);   // Σ (x - c) until the end of the block
                var m2 = m2s.AsSpan(o * inner, inner);
                var deviation = scratch.AsSpan(0, inner);
                for (int j = 0; j < size; j++)
                {
                    TensorPrimitives.Subtract(block.Slice(j * inner, inner), mean, deviation);
                    TensorPrimitives.Add(sum, deviation, sum);
                    TensorPrimitives.MultiplyAdd(deviation, deviation, m2, m2);
                }
                for (int i = 0; i < inner; i++) (sum[i], m2[i]) = Corrected(sum[i], m2[i], size);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
        return new(means, remainders, m2s, size);
    }

    /// <summary>The remainder of the mean and M2 of a run, given its float32 mean.</summary>
    private static (float Remainder, float M2) Deviations(ReadOnlySpan<float> run, float mean)
    {
        var buffer = ArrayPool<float>.Shared.Rent(run.Length);
        try
        {
            var deviation = buffer.AsSpan(0, run.Length);
            TensorPrimitives.Subtract(run, mean, deviation);
            return Corrected(TensorPrimitives.Sum(deviation), TensorPrimitives.SumOfSquares(deviation), run.Length);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>From r = Σ (x - c) and Σ (x - c)²: the mean's remainder r/n and M2 about the exact mean.</summary>
    private static (float Remainder, float M2) Corrected(float sum, float squares, int count) =>
        count == 0 ? (0f, 0f) : ((float)((double)sum / count), (float)Math.Max(0, squares - (double)sum * sum / count));

    /// <summary>
    /// Joins (count, mean, M2) of disjoint parts into those of their union, in double, with Chan et
    /// al.'s update: δ = mean_b - mean_a, n = n_a + n_b, mean = mean_a + δ·n_b/n,
    /// M2 = M2_a + M2_b + δ²·n_a·n_b/n. Parts with no elements (count 0) are skipped.
    /// </summary>
    public static (double Count, double Mean, double M2) Merge(ReadOnlySpan<(double Count, double Mean, double M2)> parts)
    {
        double count = 0, mean = 0, m2 = 0;
        foreach (var (n, partMean, partM2) in parts)
        {
            if (n == 0) continue;
            double total = count + n, delta = partMean - mean;
            mean += delta * n / total;
            m2 += partM2 + delta * delta * count * n / total;
            count = total;
        }
        return count == 0 ? (0, double.NaN, double.NaN) : (count, mean, m2);
    }

    /// <summary>M2 / max(0, n - correction), as PyTorch divides: one element with Bessel's correction gives 0/0 = NaN.</summary>
    public static double Variance(double count, double m2, int correction) => m2 / Math.Max(0, count - correction);
}
