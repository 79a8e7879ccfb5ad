using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

// The operators of Comparisons, at the three widths of VectorLoops. A comparison's mask (all bits set
// where true) ANDed with 1.0f is 1.0f or 0; NaN compares false. Maximum and minimum select x where x
// is NaN (x != x), and y where y is: NaN wins both, as PyTorch's.

internal readonly struct GreaterOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x > y ? 1f : 0f;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, y) & Vector256<float>.One;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y) & Vector512<float>.One;
}

internal readonly struct LessOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x < y ? 1f : 0f;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.LessThan(x, y) & Vector256<float>.One;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.LessThan(x, y) & Vector512<float>.One;
}

internal readonly struct GreaterOrEqualOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x >= y ? 1f : 0f;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThanOrEqual(x, y) & Vector256<float>.One;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThanOrEqual(x, y) & Vector512<float>.One;
}

internal readonly struct LessOrEqualOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x <= y ? 1f : 0f;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.LessThanOrEqual(x, y) & Vector256<float>.One;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.LessThanOrEqual(x, y) & Vector512<float>.One;
}

internal readonly struct EqualOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x == y ? 1f : 0f;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.Equals(x, y) & Vector256<float>.One;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.Equals(x, y) & Vector512<float>.One;
}

internal readonly struct MaximumOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x > y || float.IsNaN(x) ? x : y;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, y) | ~Vector256.Equals(x, x), x, y);
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, y) | ~Vector512.Equals(x, x), x, y);
}

internal readonly struct MinimumOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x < y || float.IsNaN(x) ? x : y;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.LessThan(x, y) | ~Vector256.Equals(x, x), x, y);
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.LessThan(x, y) | ~Vector512.Equals(x, x), x, y);
}

internal readonly struct ShareOfMaximumOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x < y ? 0f : x == y ? 0.5f : 1f;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.LessThan(x, y), Vector256<float>.Zero, Vector256.ConditionalSelect(Vector256.Equals(x, y), Vector256.Create(0.5f), Vector256<float>.One));
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.LessThan(x, y), Vector512<float>.Zero, Vector512.ConditionalSelect(Vector512.Equals(x, y), Vector512.Create(0.5f), Vector512<float>.One));
}
