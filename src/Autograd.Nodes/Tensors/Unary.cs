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

    /// <summary>g * (1 - y²) where y = tanh(x), in one fused pass.</summary>
    public static Tensor TanhGrad(Tensor g, Tensor y) => FusedGrad<TanhDerivative>(g, y);

    /// <summary>g * y * (1 - y) where y = sigmoid(x), in one fused pass.</summary>
    public static Tensor SigmoidGrad(Tensor g, Tensor y) => FusedGrad<SigmoidDerivative>(g, y);

    /// <summary>g where y &gt; 0, else 0 (PyTorch's threshold_backward on relu's output).</summary>
    public static Tensor ReluGrad(Tensor g, Tensor y) => FusedGrad<ReluDerivative>(g, y);

    /// <summary>The local derivative of a fused VJP, as a function of the gradient g and the op's output y.</summary>
    private interface IFusedDerivative
    {
        static abstract Vector<float> Apply(Vector<float> g, Vector<float> y);
        static abstract float Apply(float g, float y);
    }

    private readonly struct TanhDerivative : IFusedDerivative
    {
        public static Vector<float> Apply(Vector<float> g, Vector<float> y) => g * (Vector<float>.One - y * y);
        public static float Apply(float g, float y) => g * (1f - y * y);
    }

    private readonly struct SigmoidDerivative : IFusedDerivative
    {
        public static Vector<float> Apply(Vector<float> g, Vector<float> y) => g * y * (Vector<float>.One - y);
        public static float Apply(float g, float y) => g * y * (1f - y);
    }

    private readonly struct ReluDerivative : IFusedDerivative
    {
        public static Vector<float> Apply(Vector<float> g, Vector<float> y) =>
            Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<float>.Zero), g, Vector<float>.Zero);
        public static float Apply(float g, float y) => y > 0f ? g : 0f;
    }

    /// <summary>
    /// One pass over y (and g) computing <typeparamref name="TDerivative"/>; the JIT specializes it
    /// per struct, so the derivative is inlined. g is read element by element or, when it is
    /// uniform (the gradient of a full sum or mean), as one value: then a pass reads only y. The
    /// per-vector test of <c>uniform</c> is always predicted; these loops are bound by memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor FusedGrad<TDerivative>(Tensor g, Tensor y) where TDerivative : struct, IFusedDerivative
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
                var gv = uniform ? cv : new Vector<float>(gs[i..]);
                TDerivative.Apply(gv, new Vector<float>(ys[i..])).CopyTo(result, i);
            }
        }
        for (; i < ys.Length; i++) result[i] = TDerivative.Apply(uniform ? c : gs[i], ys[i]);  // tail shorter than one vector
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
