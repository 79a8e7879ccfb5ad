using System.Numerics;
using System.Numerics.Tensors;

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
    public static Tensor Relu(Tensor x) => Map(x, static (s, d) => TensorPrimitives.Max(s, 0f, d));

    /// <summary>x ^ c. Squares and square roots take the exact primitives (what PyTorch does too).</summary>
    public static Tensor Pow(Tensor x, float c)
    {
        var result = new float[x.Count];
        var s = x.Span;
        if (c == 2f) TensorPrimitives.Multiply(s, s, result);
        else if (c == 1f) s.CopyTo(result);
        else if (c == 0.5f) TensorPrimitives.Sqrt(s, result);
        else TensorPrimitives.Pow(s, c, result);
        return Tensor.Wrap(result, x.Shape);
    }

    /// <summary>g * c * x^(c-1): the derivative of x^c; all zeros for c == 0, as PyTorch.</summary>
    public static Tensor PowGrad(Tensor g, Tensor x, float c)
    {
        var result = new float[x.Count];
        if (c == 0f) return Tensor.Wrap(result, x.Shape);
        var s = x.Span;
        if (c == 2f) TensorPrimitives.Multiply(s, 2f, result);
        else if (c == 1f) result.AsSpan().Fill(1f);
        else
        {
            TensorPrimitives.Pow(s, c - 1f, result);
            TensorPrimitives.Multiply(result, c, result);
        }
        TensorPrimitives.Multiply(result, g.Span, result);
        return Tensor.Wrap(result, x.Shape);
    }

    /// <summary>g * (1 - y²) where y = tanh(x), in one fused pass.</summary>
    public static Tensor TanhGrad(Tensor g, Tensor y)
    {
        var result = new float[y.Count];
        var gs = g.Span;
        var ys = y.Span;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= ys.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(ys[i..]);
                (new Vector<float>(gs[i..]) * (Vector<float>.One - v * v)).CopyTo(result, i);
            }
        }
        for (; i < ys.Length; i++) result[i] = gs[i] * (1f - ys[i] * ys[i]);  // tail shorter than one vector
        return Tensor.Wrap(result, y.Shape);
    }

    /// <summary>g * y * (1 - y) where y = sigmoid(x), in one fused pass.</summary>
    public static Tensor SigmoidGrad(Tensor g, Tensor y)
    {
        var result = new float[y.Count];
        var gs = g.Span;
        var ys = y.Span;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= ys.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(ys[i..]);
                (new Vector<float>(gs[i..]) * v * (Vector<float>.One - v)).CopyTo(result, i);
            }
        }
        for (; i < ys.Length; i++) result[i] = gs[i] * ys[i] * (1f - ys[i]);  // tail shorter than one vector
        return Tensor.Wrap(result, y.Shape);
    }

    /// <summary>g where y &gt; 0, else 0 (PyTorch's threshold_backward on relu's output).</summary>
    public static Tensor ReluGrad(Tensor g, Tensor y)
    {
        var result = new float[y.Count];
        var gs = g.Span;
        var ys = y.Span;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= ys.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var positive = Vector.GreaterThan(new Vector<float>(ys[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(positive, new Vector<float>(gs[i..]), Vector<float>.Zero).CopyTo(result, i);
            }
        }
        for (; i < ys.Length; i++) result[i] = ys[i] > 0f ? gs[i] : 0f;  // tail shorter than one vector
        return Tensor.Wrap(result, y.Shape);
    }

    private delegate void SpanMap(ReadOnlySpan<float> source, Span<float> destination);

    private static Tensor Map(Tensor x, SpanMap map)
    {
        var result = new float[x.Count];
        map(x.Span, result);
        return Tensor.Wrap(result, x.Shape);
    }
}
