using System.Numerics.Tensors;

namespace Autograd.Tensors;

/// <summary>The four arithmetic operators of the elementwise kernels.</summary>
public enum Arithmetic { Add, Subtract, Multiply, Divide }

/// <summary>
/// Elementwise binary arithmetic with full broadcasting. Every path ends in TensorPrimitives on
/// whole spans: same shapes are one call over everything; a one-element side is one call with a
/// scalar; otherwise one call per contiguous run of the output (for [N, C] + [C], N calls of
/// length C), as laid out by <see cref="BroadcastPlan"/>.
/// </summary>
public static class Elementwise
{
    public static Tensor Add(Tensor a, Tensor b) => Binary(Arithmetic.Add, a, b);
    public static Tensor Subtract(Tensor a, Tensor b) => Binary(Arithmetic.Subtract, a, b);
    public static Tensor Multiply(Tensor a, Tensor b) => Binary(Arithmetic.Multiply, a, b);
    public static Tensor Divide(Tensor a, Tensor b) => Binary(Arithmetic.Divide, a, b);

    public static Tensor Binary(Arithmetic op, Tensor a, Tensor b)
    {
        if (a.Dims.SequenceEqual(b.Dims))
        {
            // Every element is written below: skipping the zeroing saves a full pass over the result.
            var same = GC.AllocateUninitializedArray<float>(a.Count);
            Apply(op, a.Span, b.Span, same);
            return Tensor.Wrap(same, a.Shape);
        }

        int[] shape = Broadcasting.Shape(Name(op), a.Dims, b.Dims);
        var result = new float[Tensor.CheckShape(shape)];
        if (result.Length == 0) return Tensor.Wrap(result, shape);

        // One element on a side: the other side already has the output's layout.
        if (b.Count == 1 && a.Count == result.Length) Apply(op, a.Span, b.Span[0], result);
        else if (a.Count == 1 && b.Count == result.Length) Apply(op, a.Span[0], b.Span, result);
        else ApplyByRuns(op, a, b, shape, result);
        return Tensor.Wrap(result, shape);
    }

    private static void ApplyByRuns(Arithmetic op, Tensor a, Tensor b, int[] shape, float[] result)
    {
        var plan = new BroadcastPlan(shape, a.Dims, b.Dims);
        var x = a.Span;
        var y = b.Span;
        int run = plan.RunLength;
        var cursor = plan.Start();
        for (int r = 0, o = 0; r < plan.Runs; r++, o += run, cursor.Next())
        {
            var into = result.AsSpan(o, run);
            if (plan.AAdvances && plan.BAdvances) Apply(op, x.Slice(cursor.A, run), y.Slice(cursor.B, run), into);
            else if (plan.AAdvances) Apply(op, x.Slice(cursor.A, run), y[cursor.B], into);
            else Apply(op, x[cursor.A], y.Slice(cursor.B, run), into);
        }
    }

    /// <summary>x (op) c for every element.</summary>
    public static Tensor WithScalar(Arithmetic op, Tensor x, float c)
    {
        var result = new float[x.Count];
        Apply(op, x.Span, c, result);
        return Tensor.Wrap(result, x.Shape);
    }

    /// <summary>c (op) x for every element: c - x, c / x.</summary>
    public static Tensor ScalarWith(Arithmetic op, float c, Tensor x)
    {
        var result = new float[x.Count];
        Apply(op, c, x.Span, result);
        return Tensor.Wrap(result, x.Shape);
    }

    public static string Name(Arithmetic op) => op switch
    {
        Arithmetic.Add => "add",
        Arithmetic.Subtract => "sub",
        Arithmetic.Multiply => "mul",
        _ => "div",
    };

    private static void Apply(Arithmetic op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> into)
    {
        switch (op)
        {
            case Arithmetic.Add: TensorPrimitives.Add(x, y, into); break;
            case Arithmetic.Subtract: TensorPrimitives.Subtract(x, y, into); break;
            case Arithmetic.Multiply: TensorPrimitives.Multiply(x, y, into); break;
            default: TensorPrimitives.Divide(x, y, into); break;
        }
    }

    private static void Apply(Arithmetic op, ReadOnlySpan<float> x, float y, Span<float> into)
    {
        switch (op)
        {
            case Arithmetic.Add: TensorPrimitives.Add(x, y, into); break;
            case Arithmetic.Subtract: TensorPrimitives.Subtract(x, y, into); break;
            case Arithmetic.Multiply: TensorPrimitives.Multiply(x, y, into); break;
            default: TensorPrimitives.Divide(x, y, into); break;
        }
    }

    private static void Apply(Arithmetic op, float x, ReadOnlySpan<float> y, Span<float> into)
    {
        switch (op)
        {
            case Arithmetic.Add: TensorPrimitives.Add(y, x, into); break;
            case Arithmetic.Subtract: TensorPrimitives.Subtract(x, y, into); break;
            case Arithmetic.Multiply: TensorPrimitives.Multiply(y, x, into); break;
            default: TensorPrimitives.Divide(x, y, into); break;
        }
    }
}
