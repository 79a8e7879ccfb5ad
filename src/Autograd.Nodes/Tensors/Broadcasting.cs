using System.Numerics.Tensors;

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
}
