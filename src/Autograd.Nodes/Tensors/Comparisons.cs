namespace Autograd.Tensors;

/// <summary>The comparisons of the mask ops (gt, lt, ge, le, eq).</summary>
public enum Comparison { Greater, Less, GreaterOrEqual, LessOrEqual, Equal }

/// <summary>
/// Comparisons as 0/1 float masks, elementwise maximum and minimum, and the weights of their
/// VJPs, with full broadcasting. NaN compares false (so every mask is 0 there, as PyTorch's) and
/// wins maximum and minimum. Each is <see cref="Elementwise"/>'s broadcasting walk with an operator
/// of ComparisonOperators.cs.
/// </summary>
public static class Comparisons
{
    public static Tensor Compare(Comparison comparison, Tensor a, Tensor b) => comparison switch
    {
        Comparison.Greater => Elementwise.Binary<GreaterOperator>("gt", a, b),
        Comparison.Less => Elementwise.Binary<LessOperator>("lt", a, b),
        Comparison.GreaterOrEqual => Elementwise.Binary<GreaterOrEqualOperator>("ge", a, b),
        Comparison.LessOrEqual => Elementwise.Binary<LessOrEqualOperator>("le", a, b),
        _ => Elementwise.Binary<EqualOperator>("eq", a, b),
    };

    /// <summary>x (comparison) c for every element.</summary>
    public static Tensor Compare(Comparison comparison, Tensor x, float c) => Compare(comparison, x, Tensor.Scalar(c));

    public static Tensor Maximum(Tensor a, Tensor b) => Elementwise.Binary<MaximumOperator>("maximum", a, b);

    public static Tensor Minimum(Tensor a, Tensor b) => Elementwise.Binary<MinimumOperator>("minimum", a, b);

    /// <summary>
    /// The share of maximum(a, b)'s gradient that goes to a: 1 where a &gt; b, ½ at ties (split half
    /// and half, as PyTorch 1.13), 0 where a &lt; b, and 1 where either is NaN (both get it then).
    /// b's share is ShareOfMaximum(b, a); a minimum's shares are the maximum's swapped.
    /// </summary>
    public static Tensor ShareOfMaximum(Tensor a, Tensor b) => Elementwise.Binary<ShareOfMaximumOperator>("maximum", a, b);
}
