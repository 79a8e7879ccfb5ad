namespace Autograd.Tensors;

/// <summary>The comparisons of the mask ops (gt, lt, ge, le, eq).</summary>
public enum Comparison { Greater, Less, GreaterOrEqual, LessOrEqual, Equal }

/// <summary>
/// Comparisons as 0/1 float masks, elementwise maximum and minimum, and the weights of their
/// VJPs, with full broadcasting. NaN compares false (so every mask is 0 there, as PyTorch's) and
/// wins maximum and minimum. The broadcasting walk is <see cref="Elementwise"/>'s, over
/// <see cref="VectorLoops"/> with these operators.
/// </summary>
public static class Comparisons
{
    public static Tensor Compare(Comparison comparison, Tensor a, Tensor b) => comparison switch
    {
        Comparison.Greater => Broadcast<GreaterOperator>("gt", a, b),
        Comparison.Less => Broadcast<LessOperator>("lt", a, b),
        Comparison.GreaterOrEqual => Broadcast<GreaterOrEqualOperator>("ge", a, b),
        Comparison.LessOrEqual => Broadcast<LessOrEqualOperator>("le", a, b),
        _ => Broadcast<EqualOperator>("eq", a, b),
    };

    /// <summary>x (comparison) c for every element.</summary>
    public static Tensor Compare(Comparison comparison, Tensor x, float c) => Compare(comparison, x, Tensor.Scalar(c));

    public static Tensor Maximum(Tensor a, Tensor b) => Broadcast<MaximumOperator>("maximum", a, b);

    public static Tensor Minimum(Tensor a, Tensor b) => Broadcast<MinimumOperator>("minimum", a, b);

    /// <summary>
    /// The share of maximum(a, b)'s gradient that goes to a: 1 where a &gt; b, ½ at ties (split half
    /// and half, as PyTorch 1.13), 0 where a &lt; b, and 1 where either is NaN (both get it then).
    /// b's share is ShareOfMaximum(b, a); a minimum's shares are the maximum's swapped.
    /// </summary>
    public static Tensor ShareOfMaximum(Tensor a, Tensor b) => Broadcast<ShareOfMaximumOperator>("maximum", a, b);

    /// <summary>a (op) b over the broadcast shape, the walk of <see cref="Elementwise.Binary"/>.</summary>
    private static Tensor Broadcast<TOperator>(string name, Tensor a, Tensor b) where TOperator : struct, IBinaryOperator
    {
        bool sameShape = a.Dims.SequenceEqual(b.Dims);
        int[] shape = sameShape ? a.SharedShape : Broadcasting.Shape(name, a.Dims, b.Dims);
        if (a.IsUniform(out float ua) && b.IsUniform(out float ub)) return Tensor.Full(TOperator.Apply(ua, ub), shape);

        var result = Buffers.Uninitialized(Tensor.CheckShape(shape));
        if (result.Length == 0) return Tensor.Wrap(result, shape);
        if (AsScalar(b, out float vb) && a.Count == result.Length) VectorLoops.Binary<TOperator>(a.Span, vb, result);
        else if (AsScalar(a, out float va) && b.Count == result.Length) VectorLoops.Binary<TOperator>(va, b.Span, result);
        else if (sameShape) VectorLoops.Binary<TOperator>(a.Span, b.Span, result);
        else ApplyByRuns<TOperator>(a, b, shape, result);
        return Tensor.Wrap(result, shape);
    }

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
}
