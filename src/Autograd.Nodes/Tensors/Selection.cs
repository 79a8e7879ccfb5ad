using System.Numerics;
using System.Runtime.CompilerServices;

namespace Autograd.Tensors;

/// <summary>
/// Choosing elementwise between two tensors by a 0/1 float mask (where, masked_fill and their VJPs),
/// with all three broadcast against each other, and the broadcast of one tensor to a shape it needs.
/// </summary>
public static class Selection
{
    /// <summary>The shape three operands broadcast to, or <see cref="Broadcasting.Shape"/>'s error naming <paramref name="op"/>.</summary>
    public static int[] Shape(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b, ReadOnlySpan<int> c) =>
        Broadcasting.Shape(op, Broadcasting.Shape(op, a, b), c);

    /// <summary>
    /// x where condition is not 0, else y, over the shape of all three broadcast (torch.where on
    /// condition.bool(): any nonzero value selects x, NaN too). A uniform x or y (a fill value, a zero
    /// gradient) is read as one value, never expanded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor Where(string op, Tensor condition, Tensor x, Tensor y)
    {
        var shape = Shape(op, condition.Dims, x.Dims, y.Dims);
        var result = Buffers.Uninitialized(Tensor.CheckShape(shape));
        var c = BroadcastTo(condition, shape).Span;
        bool xUniform = x.IsUniform(out float xValue), yUniform = y.IsUniform(out float yValue);
        ReadOnlySpan<float> xs = xUniform ? default : BroadcastTo(x, shape).Span;
        ReadOnlySpan<float> ys = yUniform ? default : BroadcastTo(y, shape).Span;
        Vector<float> xv = new(xValue), yv = new(yValue);
        int n = result.Length, i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var keepY = Vector.Equals(new Vector<float>(c[i..]), Vector<float>.Zero);
            Vector.ConditionalSelect(keepY, yUniform ? yv : new Vector<float>(ys[i..]), xUniform ? xv : new Vector<float>(xs[i..]))
                .CopyTo(result, i);
        }
        for (; i < n; i++) result[i] = c[i] == 0f ? (yUniform ? yValue : ys[i]) : (xUniform ? xValue : xs[i]);  // the tail
        return Tensor.Wrap(result, shape);
    }

    /// <summary>
    /// <paramref name="t"/> repeated along the dimensions where it broadcasts to <paramref name="shape"/>
    /// (which it must): the same instance when the shapes already match, a uniform tensor when it is one.
    /// </summary>
    public static Tensor BroadcastTo(Tensor t, int[] shape)
    {
        if (t.Dims.SequenceEqual(shape)) return t;
        if (!Broadcasting.CanExpand(t.Dims, shape))
            throw new ArgumentException($"cannot broadcast a tensor of shape {Tensor.ShapeText(t.Dims)} to {Tensor.ShapeText(shape)}");
        if (t.IsUniform(out float value)) return Tensor.Full(value, shape);
        var result = Buffers.Uninitialized(Tensor.CheckShape(shape));
        if (result.Length == 0) return Tensor.Wrap(result, shape);

        // a = t (repeats where it is broadcast), b = the result (always advances)
        var plan = new BroadcastPlan(shape, t.Dims, shape);
        var source = t.Span;
        int run = plan.RunLength;
        var cursor = plan.Start();
        for (int r = 0, o = 0; r < plan.Runs; r++, o += run, cursor.Next())
        {
            var into = result.AsSpan(o, run);
            if (plan.AAdvances) source.Slice(cursor.A, run).CopyTo(into);
            else into.Fill(source[cursor.A]);
        }
        return Tensor.Wrap(result, shape);
    }
}
