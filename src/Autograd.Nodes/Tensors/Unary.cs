using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Autograd.Tensors;

/// <summary>Elementwise math of one tensor, and the fused pieces their VJPs need; one TensorPrimitives pass each where possible.</summary>
public static class Unary
{
    public static Tensor Negate(Tensor x) => Map(x, static (s, d) => TensorPrimitives.Negate(s, d));
    public static Tensor Exp(Tensor x) => Map(x, static (s, d) => TensorPrimitives.Exp(s, d));
    public static Tensor Log(Tensor x) => Map(x, static (s, d) => TensorPrimitives.Log(s, d));
    public static Tensor Sqrt(Tensor x) => Map(x, static (s, d) => TensorPrimitives.Sqrt(s, d));
    public static Tensor Tanh(Tensor x) => Map(x, static (s, d) => TensorPrimitives.Tanh(s, d));
    public static Tensor Sigmoid(Tensor x) => Map(x, static (s, d) => TensorPrimitives.Sigmoid(s, d));
    public static Tensor Relu(Tensor x) => Map(x, static (s, d) => VectorLoops.Relu(s, d));

    /// <summary>x ^ c. Squares and square roots take the exact primitives (what PyTorch does too).</summary>
    public static Tensor Pow(Tensor x, float c)
    {
        var result = Buffers.Uninitialized(x.Count);
        var s = x.Span;
        if (c == 2f) TensorPrimitives.Multiply(s, s, result);
        else if (c == 1f) s.CopyTo(result);
        else if (c == 0.5f) TensorPrimitives.Sqrt(s, result);
        else TensorPrimitives.Pow(s, c, result);
        return Tensor.Wrap(result, x.SharedShape);
    }

    /// <summary>g * c * x^(c-1): the derivative of x^c; all zeros for c == 0, as PyTorch.</summary>
    public static Tensor PowGrad(Tensor g, Tensor x, float c)
    {
        if (c == 0f) return Tensor.Zeros(x.SharedShape);
        var result = Buffers.Uninitialized(x.Count);
        var s = x.Span;
        if (c == 2f) TensorPrimitives.Multiply(s, 2f, result);
        else if (c == 1f) result.AsSpan().Fill(1f);
        else
        {
            TensorPrimitives.Pow(s, c - 1f, result);
            TensorPrimitives.Multiply(result, c, result);
        }
        if (g.IsUniform(out float value)) TensorPrimitives.Multiply(result, value, result);
        else TensorPrimitives.Multiply(result, g.Span, result);
        return Tensor.Wrap(result, x.SharedShape);
    }

    // The fused VJPs below read g either element by element or, when it is uniform (the gradient
    // of a full sum or mean), as one value: then a pass reads only y. The per-vector test of
    // `uniform` is always predicted; these loops are bound by memory, not by branches.

    /// <summary>g * (1 - y²) where y = tanh(x), in one fused pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor TanhGrad(Tensor g, Tensor y)
    {
        var result = Buffers.Uninitialized(y.Count);
        bool uniform = g.IsUniform(out float c);
        var gs = uniform ? default : g.Span;
        var ys = y.Span;
        var cv = new Vector<float>(c);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= ys.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(ys[i..]);
                var gv = uniform ? cv : new Vector<float>(gs[i..]);
                (gv * (Vector<float>.One - v * v)).CopyTo(result, i);
            }
        }
        for (; i < ys.Length; i++) result[i] = (uniform ? c : gs[i]) * (1f - ys[i] * ys[i]);  // tail shorter than one vector
        return Tensor.Wrap(result, y.SharedShape);
    }

    /// <summary>g * y * (1 - y) where y = sigmoid(x), in one fused pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor SigmoidGrad(Tensor g, Tensor y)
    {
        var result = Buffers.Uninitialized(y.Count);
        bool uniform = g.IsUniform(out float c);
        var gs = uniform ? default : g.Span;
        var ys = y.Span;
        var cv = new Vector<float>(c);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= ys.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(ys[i..]);
                var gv = uniform ? cv : new Vector<float>(gs[i..]);
                (gv * v * (Vector<float>.One - v)).CopyTo(result, i);
            }
        }
        for (; i < ys.Length; i++) result[i] = (uniform ? c : gs[i]) * ys[i] * (1f - ys[i]);  // tail shorter than one vector
        return Tensor.Wrap(result, y.SharedShape);
    }

    /// <summary>g where y &gt; 0, else 0 (PyTorch's threshold_backward on relu's output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor ReluGrad(Tensor g, Tensor y)
    {
        var result = Buffers.Uninitialized(y.Count);
        bool uniform = g.IsUniform(out float c);
        var gs = uniform ? default : g.Span;
        var ys = y.Span;
        var cv = new Vector<float>(c);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= ys.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var positive = Vector.GreaterThan(new Vector<float>(ys[i..]), Vector<float>.Zero);
                var gv = uniform ? cv : new Vector<float>(gs[i..]);
                Vector.ConditionalSelect(positive, gv, Vector<float>.Zero).CopyTo(result, i);
            }
        }
        for (; i < ys.Length; i++) result[i] = ys[i] > 0f ? (uniform ? c : gs[i]) : 0f;  // tail shorter than one vector
        return Tensor.Wrap(result, y.SharedShape);
    }

    private delegate void SpanMap(ReadOnlySpan<float> source, Span<float> destination);

    private static Tensor Map(Tensor x, SpanMap map)
    {
        var result = Buffers.Uninitialized(x.Count);
        map(x.Span, result);
        return Tensor.Wrap(result, x.SharedShape);
    }
}
