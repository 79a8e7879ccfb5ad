using System.Numerics.Tensors;

namespace Autograd.Tensors;

/// <summary>The four arithmetic operators of the elementwise kernels.</summary>
public enum Arithmetic { Add, Subtract, Multiply, Divide }

/// <summary>
/// Elementwise binary arithmetic with full broadcasting. Every path ends in <see cref="VectorLoops"/> on
/// whole spans: same shapes are one call over everything; a one-element or uniform side is one
/// call with a scalar (two uniform sides give a uniform result without a pass); otherwise one
/// call per contiguous run of the output (for [N, C] + [C], N calls of length C), as laid out
/// by <see cref="BroadcastPlan"/>.
/// </summary>
public static class Elementwise
{
    public static Tensor Add(Tensor a, Tensor b) => Binary(Arithmetic.Add, a, b);
    public static Tensor Subtract(Tensor a, Tensor b) => Binary(Arithmetic.Subtract, a, b);
    public static Tensor Multiply(Tensor a, Tensor b) => Binary(Arithmetic.Multiply, a, b);
    public static Tensor Divide(Tensor a, Tensor b) => Binary(Arithmetic.Divide, a, b);

    public static Tensor Binary(Arithmetic op, Tensor a, Tensor b) => op switch
    {
        Arithmetic.Add => Binary<AddOperator>(Name(op), a, b),
        Arithmetic.Subtract => Binary<SubtractOperator>(Name(op), a, b),
        Arithmetic.Multiply => Binary<MultiplyOperator>(Name(op), a, b),
        _ => Binary<DivideOperator>(Name(op), a, b),
    };

    /// <summary>
    /// a (op) b over the broadcast shape for any <see cref="IBinaryOperator"/> (the comparisons, maximum
    /// and minimum use it too); a shape mismatch is <see cref="Broadcasting.Shape"/>'s error naming <paramref name="name"/>.
    /// </summary>
    internal static Tensor Binary<TOperator>(string name, Tensor a, Tensor b) where TOperator : struct, IBinaryOperator
    {
        bool sameShape = a.Dims.SequenceEqual(b.Dims);
        int[] shape = sameShape ? a.SharedShape : Broadcasting.Shape(name, a.Dims, b.Dims);

        // Two uniform operands (see Tensor.IsUniform): so is the result, and nothing is read or written.
        if (a.IsUniform(out float ua) && b.IsUniform(out float ub)) return Tensor.Full(TOperator.Apply(ua, ub), shape);

        // Every element is written below: skipping the zeroing saves a full pass over the result.
        var result = Buffers.Uninitialized(Tensor.CheckShape(shape));
        if (result.Length == 0) return Tensor.Wrap(result, shape);

        // One value on a side (one element, or uniform): the other side already has the output's layout.
        if (AsScalar(b, out float vb) && a.Count == result.Length) VectorLoops.Binary<TOperator>(a.Span, vb, result);
        else if (AsScalar(a, out float va) && b.Count == result.Length) VectorLoops.Binary<TOperator>(va, b.Span, result);
        else if (sameShape) VectorLoops.Binary<TOperator>(a.Span, b.Span, result);
        else ApplyByRuns<TOperator>(a, b, shape, result);
        return Tensor.Wrap(result, shape);
    }

    /// <summary>The single value of a one-element or uniform tensor.</summary>
    private static bool AsScalar(Tensor t, out float value)
    {
        if (t.IsUniform(out value)) return true;
        if (t.Count != 1) return false;
        value = t.Span[0];
        return true;
    }

    private static void ApplyByRuns<TOperator>(Tensor a, Tensor b, int[] shape, float[] result) where TOperator : struct, IBinaryOperator
    {
        var plan = new BroadcastPlan(shape, a.Dims, b.Dims);
        var x = a.Span;
        var y = b.Span;
        int run = plan.RunLength;
        var cursor = plan.Start();
        for (int r = 0, o = 0; r < plan.Runs; r++, o += run, cursor.Next())
        {
            var into = result.AsSpan(o, run);
            if (plan.AAdvances && plan.BAdvances) VectorLoops.Binary<TOperator>(x.Slice(cursor.A, run), y.Slice(cursor.B, run), into);
            else if (plan.AAdvances) VectorLoops.Binary<TOperator>(x.Slice(cursor.A, run), y[cursor.B], into);
            else VectorLoops.Binary<TOperator>(x[cursor.A], y.Slice(cursor.B, run), into);
        }
    }

    /// <summary>x (op) c for every element; uniform when x is.</summary>
    public static Tensor WithScalar(Arithmetic op, Tensor x, float c)
    {
        if (x.IsUniform(out float value)) return Tensor.Full(Apply(op, value, c), x.SharedShape);
        var result = Buffers.Uninitialized(x.Count);
        Apply(op, x.Span, c, result);
        return Tensor.Wrap(result, x.SharedShape);
    }

    /// <summary>c (op) x for every element: c - x, c / x; uniform when x is.</summary>
    public static Tensor ScalarWith(Arithmetic op, float c, Tensor x)
    {
        if (x.IsUniform(out float value)) return Tensor.Full(Apply(op, c, value), x.SharedShape);
        var result = Buffers.Uninitialized(x.Count);
        Apply(op, c, x.Span, result);
        return Tensor.Wrap(result, x.SharedShape);
    }

    public static string Name(Arithmetic op) => op switch
    {
        Arithmetic.Add => "add",
        Arithmetic.Subtract => "sub",
        Arithmetic.Multiply => "mul",
        _ => "div",
    };

    /// <summary>One element's worth: IEEE float arithmetic, as TensorPrimitives does per element.</summary>
    private static float Apply(Arithmetic op, float x, float y) => op switch
    {
        Arithmetic.Add => x + y,
        Arithmetic.Subtract => x - y,
        Arithmetic.Multiply => x * y,
        _ => x / y,
    };

    private static void Apply(Arithmetic op, ReadOnlySpan<float> x, float y, Span<float> into)
    {
        switch (op)
        {
            case Arithmetic.Add: VectorLoops.Binary<AddOperator>(x, y, into); break;
            case Arithmetic.Subtract: VectorLoops.Binary<SubtractOperator>(x, y, into); break;
            case Arithmetic.Multiply: VectorLoops.Binary<MultiplyOperator>(x, y, into); break;
            default: VectorLoops.Binary<DivideOperator>(x, y, into); break;
        }
    }

    private static void Apply(Arithmetic op, float x, ReadOnlySpan<float> y, Span<float> into)
    {
        switch (op)
        {
            case Arithmetic.Add: VectorLoops.Binary<AddOperator>(x, y, into); break;
            case Arithmetic.Subtract: VectorLoops.Binary<SubtractOperator>(x, y, into); break;
            case Arithmetic.Multiply: VectorLoops.Binary<MultiplyOperator>(x, y, into); break;
            default: VectorLoops.Binary<DivideOperator>(x, y, into); break;
        }
    }
}
