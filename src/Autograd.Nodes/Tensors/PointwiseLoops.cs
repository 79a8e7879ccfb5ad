using System.Numerics;
using System.Runtime.CompilerServices;

namespace Autograd.Tensors;

/// <summary>A function of one element, written once on whole vectors (the loops feed the tail through a padded vector).</summary>
internal interface IPointwise
{
    Vector<float> Apply(Vector<float> x);
}

/// <summary>A VJP of one element: the input's gradient from the output's gradient g and the input x.</summary>
internal interface IPointwiseGradient
{
    Vector<float> Apply(Vector<float> g, Vector<float> x);
}

/// <summary>
/// The loops of the unary ops of the elementwise family (gelu, silu, log1p, abs, sin, cos, clamp)
/// and their VJPs. A kernel is a struct, so the JIT specializes each loop for it and inlines it;
/// a kernel with parameters (clamp's bounds) carries them as fields. The elements that do not fill
/// a vector go through the same vector code, padded, so every element is computed the same way.
/// </summary>
internal static class PointwiseLoops
{
    /// <summary>kernel(x) for every element; a uniform input gives a uniform result without a pass.</summary>
    public static Tensor Map<TKernel>(Tensor x, TKernel kernel) where TKernel : struct, IPointwise
    {
        if (x.IsUniform(out float value)) return Tensor.Full(kernel.Apply(new Vector<float>(value))[0], x.SharedShape);
        var result = Buffers.Uninitialized(x.Count);
        Map(x.Span, result, kernel);
        return Tensor.Wrap(result, x.SharedShape);
    }

    /// <summary>kernel(g, x) for every element; g may be uniform (the gradient of a full sum or mean), then it is read as one value.</summary>
    public static Tensor Gradient<TKernel>(Tensor g, Tensor x, TKernel kernel) where TKernel : struct, IPointwiseGradient
    {
        var result = Buffers.Uninitialized(x.Count);
        Gradient(g, x.Span, result, kernel);
        return Tensor.Wrap(result, x.SharedShape);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Map<TKernel>(ReadOnlySpan<float> x, Span<float> into, TKernel kernel) where TKernel : struct, IPointwise
    {
        int n = into.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width) kernel.Apply(new Vector<float>(x[i..])).CopyTo(into[i..]);
        if (i == n) return;
        Span<float> tail = stackalloc float[width];
        tail.Clear();
        x[i..n].CopyTo(tail);
        kernel.Apply(new Vector<float>(tail)).CopyTo(tail);
        tail[..(n - i)].CopyTo(into[i..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gradient<TKernel>(Tensor g, ReadOnlySpan<float> x, Span<float> into, TKernel kernel)
        where TKernel : struct, IPointwiseGradient
    {
        bool uniform = g.IsUniform(out float c);
        var gs = uniform ? default : g.Span;
        var cv = new Vector<float>(c);
        int n = into.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width)
            kernel.Apply(uniform ? cv : new Vector<float>(gs[i..]), new Vector<float>(x[i..])).CopyTo(into[i..]);
        if (i == n) return;
        Span<float> gTail = stackalloc float[width], xTail = stackalloc float[width];
        gTail.Clear();
        xTail.Clear();
        if (uniform) gTail.Fill(c);
        else gs[i..n].CopyTo(gTail);
        x[i..n].CopyTo(xTail);
        kernel.Apply(new Vector<float>(gTail), new Vector<float>(xTail)).CopyTo(xTail);
        xTail[..(n - i)].CopyTo(into[i..]);
    }
}
