using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

/// <summary>NumPy/PyTorch broadcasting: the shape rule and its reverse for gradients.</summary>
public static class Broadcasting
{
    /// <summary>
    /// The shape two operands broadcast to: shapes are aligned at their last dimension, and each
    /// pair of sizes must be equal or one of them 1. Otherwise an <see cref="ArgumentException"/>
    /// worded like PyTorch's, naming <paramref name="op"/> and both shapes.
    /// </summary>
    public static int[] Shape(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int ia = d - (rank - a.Length), ib = d - (rank - b.Length);
            int sa = ia < 0 ? 1 : a[ia], sb = ib < 0 ? 1 : b[ib];
            if (sa != sb && sa != 1 && sb != 1)
                throw new ArgumentException(
                    $"{op}: the size of tensor a ({sa}) must match the size of tensor b ({sb}) at non-singleton dimension {d} " +
                    $"(shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)})");
            result[d] = sa == 1 ? sb : sa;
        }
        return result;
    }

    /// <summary>True when <paramref name="from"/> broadcasts to exactly <paramref name="to"/>.</summary>
    public static bool CanExpand(ReadOnlySpan<int> from, ReadOnlySpan<int> to)
    {
        if (from.Length > to.Length) return false;
        for (int i = 1; i <= from.Length; i++)
            if (from[^i] != 1 && from[^i] != to[^i]) return false;
        return true;
    }

    /// <summary>
    /// The reverse of broadcasting, for gradients: sums <paramref name="grad"/> over the leading
    /// dims that broadcasting added and over the dims where <paramref name="shape"/> has size 1.
    /// Returns the same instance when the shapes already match.
    /// </summary>
    public static Tensor SumToShape(Tensor grad, ReadOnlySpan<int> shape)
    {
        if (grad.Dims.SequenceEqual(shape)) return grad;
        if (!CanExpand(shape, grad.Dims))
            throw new ArgumentException(
                $"cannot sum a gradient of shape {Tensor.ShapeText(grad.Dims)} to shape {Tensor.ShapeText(shape)}: " +
                "the second does not broadcast to the first");

        var result = new float[Tensor.CheckShape(shape.ToArray())];
        var source = grad.Span;
        if (result.Length == 1)
        {
            result[0] = TensorPrimitives.Sum(source);
            return Tensor.Wrap(result, shape.ToArray());
        }
        if (source.Length == 0) return Tensor.Wrap(result, shape.ToArray());
        if (grad.Dims.EndsWith(shape))
        {
            // Only leading dims were added (a bias [C] broadcast over a batch [N, C]): a sum of rows.
            SumRows(source, result);
            return Tensor.Wrap(result, shape.ToArray());
        }

        // a = the target (repeats where it was broadcast), b = the gradient (always advances).
        var plan = new BroadcastPlan(grad.Dims, shape, grad.Dims);
        int run = plan.RunLength;
        var cursor = plan.Start();
        for (int r = 0; r < plan.Runs; r++, cursor.Next())
        {
            var from = source.Slice(cursor.B, run);
            if (plan.AAdvances)
            {
                var into = result.AsSpan(cursor.A, run);
                TensorPrimitives.Add(into, from, into);
            }
            else
            {
                result[cursor.A] += TensorPrimitives.Sum(from);
            }
        }
        return Tensor.Wrap(result, shape.ToArray());
    }

    /// <summary>
    /// into[j] = Σ_r source[r · width + j] with width = into.Length: whole rows added with one
    /// vector loop, compiled optimized from the first call (a TensorPrimitives call per row of
    /// a [512, 256] gradient was 10x the arithmetic while the JIT had not yet optimized it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SumRows(ReadOnlySpan<float> source, Span<float> into)
    {
        int width = into.Length, rows = source.Length / width;
        into.Clear();
        ref float sourceRef = ref MemoryMarshal.GetReference(source);
        ref float intoRef = ref MemoryMarshal.GetReference(into);
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref sourceRef, (nint)r * width);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j <= width - Vector512<float>.Count; j += Vector512<float>.Count)
                    (Vector512.LoadUnsafe(ref intoRef, (nuint)j) + Vector512.LoadUnsafe(ref row, (nuint)j)).StoreUnsafe(ref intoRef, (nuint)j);
            if (Vector256.IsHardwareAccelerated)
                for (; j <= width - Vector256<float>.Count; j += Vector256<float>.Count)
                    (Vector256.LoadUnsafe(ref intoRef, (nuint)j) + Vector256.LoadUnsafe(ref row, (nuint)j)).StoreUnsafe(ref intoRef, (nuint)j);
            for (; j < width; j++)
                Unsafe.Add(ref intoRef, j) += Unsafe.Add(ref row, j);   // the tail, shorter than a vector
        }
    }
}
