using System.Numerics;

namespace Autograd.Tensors;

/// <summary>
/// The unary ops of the elementwise family and their VJPs, each one vector pass (see
/// <see cref="PointwiseLoops"/>), with PyTorch's values at the edges: the derivative of abs at 0
/// is 0 (sign), clamp passes the gradient at its bounds, NaN stays NaN.
/// </summary>
public static class UnaryMath
{
    public static Tensor Abs(Tensor x) => PointwiseLoops.Map(x, new AbsKernel());

    /// <summary>g · sign(x): 0 at x = 0, as PyTorch.</summary>
    public static Tensor AbsGrad(Tensor g, Tensor x) => PointwiseLoops.Gradient(g, x, new AbsGradient());

    public static Tensor Sin(Tensor x) => PointwiseLoops.Map(x, new SinKernel());

    /// <summary>g · cos(x).</summary>
    public static Tensor SinGrad(Tensor g, Tensor x) => PointwiseLoops.Gradient(g, x, new SinGradient());

    public static Tensor Cos(Tensor x) => PointwiseLoops.Map(x, new CosKernel());

    /// <summary>g · -sin(x).</summary>
    public static Tensor CosGrad(Tensor g, Tensor x) => PointwiseLoops.Gradient(g, x, new CosGradient());

    /// <summary>log(1 + x), exact for small x (where log(1 + x) would lose x to rounding).</summary>
    public static Tensor Log1p(Tensor x) => PointwiseLoops.Map(x, new Log1pKernel());

    /// <summary>g / (1 + x).</summary>
    public static Tensor Log1pGrad(Tensor g, Tensor x) => PointwiseLoops.Gradient(g, x, new Log1pGradient());

    /// <summary>x · Φ(x), Φ the standard normal CDF: the exact (erf) GELU, PyTorch's default.</summary>
    public static Tensor Gelu(Tensor x) => PointwiseLoops.Map(x, new GeluKernel());

    /// <summary>g · (Φ(x) + x · φ(x)), φ the standard normal density.</summary>
    public static Tensor GeluGrad(Tensor g, Tensor x) => PointwiseLoops.Gradient(g, x, new GeluGradient());

    /// <summary>x · sigmoid(x).</summary>
    public static Tensor Silu(Tensor x) => PointwiseLoops.Map(x, new SiluKernel());

    /// <summary>g · s · (1 + x · (1 - s)), s = sigmoid(x).</summary>
    public static Tensor SiluGrad(Tensor g, Tensor x) => PointwiseLoops.Gradient(g, x, new SiluGradient());

    /// <summary>min(max(x, min), max) as PyTorch: a missing bound does not clamp; min &gt; max gives max everywhere; NaN stays NaN.</summary>
    public static Tensor Clamp(Tensor x, float? min, float? max) => PointwiseLoops.Map(x, new ClampKernel(Bounds(min, max)));

    /// <summary>g where min ≤ x ≤ max (the bounds themselves included, as PyTorch), else 0.</summary>
    public static Tensor ClampGrad(Tensor g, Tensor x, float? min, float? max) =>
        PointwiseLoops.Gradient(g, x, new ClampGradient(Bounds(min, max)));

    // A missing bound is an infinite one: clamping to it changes nothing, and every x (±∞ too) is within it.
    private static (Vector<float> Low, Vector<float> High) Bounds(float? min, float? max) =>
        (new Vector<float>(min ?? float.NegativeInfinity), new Vector<float>(max ?? float.PositiveInfinity));

    /// <summary>
    /// Φ(x) and exp(-x²/2). erfc on |x|/√2 by Abramowitz and Stegun 7.1.26 (absolute error below
    /// 1.5e-7, the approximation PyTorch's vectorized CPU erf uses); the lower tail is taken directly
    /// rather than as 1 - Φ(|x|), so Φ keeps its relative accuracy for negative x.
    /// </summary>
    private static Vector<float> NormalCdf(Vector<float> x, out Vector<float> gaussian)
    {
        var z = Vector.Abs(x) * new Vector<float>(0.70710678f);
        var t = Vector<float>.One / (Vector<float>.One + new Vector<float>(0.3275911f) * z);
        var poly = t * (new Vector<float>(0.254829592f) + t * (new Vector<float>(-0.284496736f) + t * (new Vector<float>(1.421413741f)
            + t * (new Vector<float>(-1.453152027f) + t * new Vector<float>(1.061405429f)))));
        gaussian = Vector.Exp(-(z * z));
        var lowerTail = new Vector<float>(0.5f) * poly * gaussian;   // Φ(-|x|) = erfc(|x|/√2) / 2
        return Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), lowerTail, Vector<float>.One - lowerTail);
    }

    private static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Vector.Exp(-x));

    private readonly struct AbsKernel : IPointwise
    {
        public Vector<float> Apply(Vector<float> x) => Vector.Abs(x);
    }

    private readonly struct AbsGradient : IPointwiseGradient
    {
        public Vector<float> Apply(Vector<float> g, Vector<float> x)
        {
            var sign = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero)
                       - Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero);
            return g * sign;
        }
    }

    private readonly struct SinKernel : IPointwise
    {
        public Vector<float> Apply(Vector<float> x) => Vector.Sin(x);
    }

    private readonly struct SinGradient : IPointwiseGradient
    {
        public Vector<float> Apply(Vector<float> g, Vector<float> x) => g * Vector.Cos(x);
    }

    private readonly struct CosKernel : IPointwise
    {
        public Vector<float> Apply(Vector<float> x) => Vector.Cos(x);
    }

    private readonly struct CosGradient : IPointwiseGradient
    {
        public Vector<float> Apply(Vector<float> g, Vector<float> x) => g * -Vector.Sin(x);
    }

    private readonly struct Log1pKernel : IPointwise
    {
        // Goldberg's trick: with u = 1 + x rounded, log(u) · x / (u - 1) cancels the rounding of u.
        public Vector<float> Apply(Vector<float> x)
        {
            var u = Vector<float>.One + x;
            var d = u - Vector<float>.One;
            var ratio = Vector.ConditionalSelect(Vector.Equals(u, new Vector<float>(float.PositiveInfinity)), Vector<float>.One, x / d);
            return Vector.ConditionalSelect(Vector.Equals(d, Vector<float>.Zero), x, Vector.Log(u) * ratio);
        }
    }

    private readonly struct Log1pGradient : IPointwiseGradient
    {
        public Vector<float> Apply(Vector<float> g, Vector<float> x) => g / (Vector<float>.One + x);
    }

    private readonly struct GeluKernel : IPointwise
    {
        public Vector<float> Apply(Vector<float> x) => x * NormalCdf(x, out _);
    }

    private readonly struct GeluGradient : IPointwiseGradient
    {
        public Vector<float> Apply(Vector<float> g, Vector<float> x)
        {
            var cdf = NormalCdf(x, out var gaussian);
            return g * (cdf + x * gaussian * new Vector<float>(0.39894228f));   // 1/√(2π)
        }
    }

    private readonly struct SiluKernel : IPointwise
    {
        public Vector<float> Apply(Vector<float> x) => x * Sigmoid(x);
    }

    private readonly struct SiluGradient : IPointwiseGradient
    {
        public Vector<float> Apply(Vector<float> g, Vector<float> x)
        {
            var s = Sigmoid(x);
            return g * s * (Vector<float>.One + x * (Vector<float>.One - s));
        }
    }

    private readonly struct ClampKernel((Vector<float> Low, Vector<float> High) bounds) : IPointwise
    {
        // Comparisons with NaN are false, so NaN passes through both selections unchanged.
        public Vector<float> Apply(Vector<float> x)
        {
            var raised = Vector.ConditionalSelect(Vector.LessThan(x, bounds.Low), bounds.Low, x);
            return Vector.ConditionalSelect(Vector.GreaterThan(raised, bounds.High), bounds.High, raised);
        }
    }

    private readonly struct ClampGradient((Vector<float> Low, Vector<float> High) bounds) : IPointwiseGradient
    {
        // A selection, not g · mask, so an infinite g outside the bounds still gives 0 (PyTorch's where).
        public Vector<float> Apply(Vector<float> g, Vector<float> x) =>
            Vector.ConditionalSelect(
                Vector.GreaterThanOrEqual(x, bounds.Low) & Vector.LessThanOrEqual(x, bounds.High), g, Vector<float>.Zero);
    }
}
