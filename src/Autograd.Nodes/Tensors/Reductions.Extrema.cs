using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Autograd.Tensors;

// Maxima and minima with the index PyTorch's CPU kernel picks, and their gradients.
public static partial class Reductions
{
    /// <summary>
    /// The maximum (<paramref name="largest"/>) or minimum along <paramref name="dim"/> (normalized)
    /// and the index of its first occurrence, as PyTorch's CPU kernel picks: NaN is more extreme
    /// than any number (the first NaN wins) and among equal values (0 and -0 too) the first wins.
    /// Both results have outer × inner elements; indices are float32 holding integers.
    /// </summary>
    public static (float[] Values, float[] Indices) Extremum(Tensor x, int dim, bool largest)
    {
        var (outer, size, inner) = Dimensions.Split(x.Dims, dim);
        var values = new float[outer * inner];
        var indices = new float[outer * inner];
        var s = x.Span;
        for (int o = 0; o < outer; o++)
        {
            var block = s.Slice(o * size * inner, size * inner);
            if (inner == 1)
            {
                int at = IndexOfExtremum(block, largest);
                (values[o], indices[o]) = (block[at], at);
                continue;
            }
            var best = values.AsSpan(o * inner, inner);
            block[..inner].CopyTo(best);   // indices start at 0
            for (int j = 1; j < size; j++) Challenge(block.Slice(j * inner, inner), j, best, indices.AsSpan(o * inner, inner), largest);
        }
        return (values, indices);
    }

    /// <summary>The first index of the maximum or minimum of a non-empty run (NaN first, see <see cref="Extremum"/>).</summary>
    public static int IndexOfExtremum(ReadOnlySpan<float> run, bool largest)
    {
        float extreme = largest ? TensorPrimitives.Max(run) : TensorPrimitives.Min(run);
        // float.Equals: -0 finds the first 0 or -0, NaN the first NaN
        return run.IndexOf(extreme);
    }

    /// <summary>
    /// One round of a running extremum: where <paramref name="challenger"/> beats
    /// <paramref name="best"/> (strictly more extreme, or NaN over a number) it takes its place and
    /// <paramref name="at"/> becomes <paramref name="index"/>. Earlier holders keep ties, so feeding
    /// runs in order keeps the first occurrence.
    /// </summary>
    public static void Challenge(ReadOnlySpan<float> challenger, float index, Span<float> best, Span<float> at, bool largest)
    {
        int n = best.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var indexVector = new Vector<float>(index);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(challenger[i..]);
                var b = new Vector<float>(best[i..]);
                var more = largest ? Vector.GreaterThan(v, b) : Vector.LessThan(v, b);
                var nanOverNumber = Vector.AndNot(Vector.Equals(b, b), Vector.Equals(v, v));
                var beats = more | nanOverNumber;
                Vector.ConditionalSelect(beats, v, b).CopyTo(best[i..]);
                Vector.ConditionalSelect(beats, indexVector, new Vector<float>(at[i..])).CopyTo(at[i..]);
            }
        }
        for (; i < n; i++)   // the tail, shorter than a vector
        {
            float v = challenger[i], b = best[i];
            if ((largest ? v > b : v < b) || (float.IsNaN(v) && !float.IsNaN(b))) (best[i], at[i]) = (v, index);
        }
    }

    /// <summary>
    /// The gradient of an extremum along <paramref name="dim"/>: element k of <paramref name="g"/>
    /// (outer × inner of them) lands at <paramref name="indices"/>[k] along dim of
    /// <paramref name="shape"/>, every other element is 0.
    /// </summary>
    public static Tensor ScatterAlong(ReadOnlySpan<float> g, ReadOnlySpan<float> indices, int[] shape, int dim)
    {
        var (outer, size, inner) = Dimensions.Split(shape, dim);
        var result = new float[outer * size * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int k = o * inner + i;
                result[(o * size + (int)indices[k]) * inner + i] = g[k];
            }
        return Tensor.Wrap(result, shape);
    }

    /// <summary>
    /// Writes 1 where <paramref name="x"/> equals <paramref name="extreme"/> (where it is NaN, when
    /// the extreme is NaN) and 0 elsewhere, and returns how many ties there are.
    /// </summary>
    public static int TieMask(ReadOnlySpan<float> x, float extreme, Span<float> mask)
    {
        bool nan = float.IsNaN(extreme);
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<float>(extreme);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]);
                var tie = nan ? ~Vector.Equals(v, v) : Vector.Equals(v, e);
                Vector.ConditionalSelect(tie, Vector<float>.One, Vector<float>.Zero).CopyTo(mask[i..]);
            }
        }
        for (; i < n; i++) mask[i] = (nan ? float.IsNaN(x[i]) : x[i] == extreme) ? 1f : 0f;
        return (int)TensorPrimitives.Sum(mask[..n]);   // exact: counts stay below 2^24
    }

    /// <summary>How many elements of <paramref name="x"/> equal <paramref name="extreme"/> (are NaN, when it is NaN).</summary>
    public static int CountTies(ReadOnlySpan<float> x, float extreme)
    {
        var mask = ArrayPool<float>.Shared.Rent(x.Length);
        try
        {
            return TieMask(x, extreme, mask);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(mask);
        }
    }

    /// <summary>
    /// The gradient of a full max or min (PyTorch 1.13's evenly_distribute_backward): <paramref name="g"/>
    /// split evenly among the elements equal to the result, 0 elsewhere.
    /// </summary>
    public static Tensor SplitAmongTies(float g, Tensor x, float extreme)
    {
        var result = new float[x.Count];
        int ties = TieMask(x.Span, extreme, result);
        TensorPrimitives.Multiply(result, g / ties, result);
        return Tensor.Wrap(result, x.SharedShape);
    }
}
