using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

/// <summary>One arithmetic operator at the three widths the loops of <see cref="VectorLoops"/> use.</summary>
internal interface IBinaryOperator
{
    static abstract float Apply(float x, float y);
    static abstract Vector256<float> Apply(Vector256<float> x, Vector256<float> y);
    static abstract Vector512<float> Apply(Vector512<float> x, Vector512<float> y);
}

internal readonly struct AddOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x + y;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x + y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x + y;
}

internal readonly struct SubtractOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x - y;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x - y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x - y;
}

internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x * y;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x * y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x * y;
}

internal readonly struct DivideOperator : IBinaryOperator
{
    public static float Apply(float x, float y) => x / y;
    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x / y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x / y;
}

/// <summary>
/// The elementwise loops on the hot path of a training step (binary arithmetic, relu), written
/// out and compiled optimized from their first call. Through TensorPrimitives the same loops ran
/// as unoptimized or on-stack-replacement JIT code until tiering caught up, which on the MLP at
/// batch 512 made relu and the bias add ~10-20x slower than their steady state for seconds.
/// Results are the same IEEE operations element by element.
/// </summary>
internal static class VectorLoops
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> into)
        where TOperator : struct, IBinaryOperator
    {
        int n = into.Length, i = 0;
        if (x.Length < n || y.Length < n) throw new ArgumentException("elementwise: an operand is shorter than the result");
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float d = ref MemoryMarshal.GetReference(into);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                TOperator.Apply(Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                TOperator.Apply(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++)
            Unsafe.Add(ref d, i) = TOperator.Apply(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));   // the tail
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOperator>(ReadOnlySpan<float> x, float y, Span<float> into)
        where TOperator : struct, IBinaryOperator
    {
        int n = into.Length, i = 0;
        if (x.Length < n) throw new ArgumentException("elementwise: an operand is shorter than the result");
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(into);
        if (Vector512.IsHardwareAccelerated)
        {
            var yv = Vector512.Create(y);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                TOperator.Apply(Vector512.LoadUnsafe(ref xs, (nuint)i), yv).StoreUnsafe(ref d, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var yv = Vector256.Create(y);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                TOperator.Apply(Vector256.LoadUnsafe(ref xs, (nuint)i), yv).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref d, i) = TOperator.Apply(Unsafe.Add(ref xs, i), y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOperator>(float x, ReadOnlySpan<float> y, Span<float> into)
        where TOperator : struct, IBinaryOperator
    {
        int n = into.Length, i = 0;
        if (y.Length < n) throw new ArgumentException("elementwise: an operand is shorter than the result");
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float d = ref MemoryMarshal.GetReference(into);
        if (Vector512.IsHardwareAccelerated)
        {
            var xv = Vector512.Create(x);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                TOperator.Apply(xv, Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var xv = Vector256.Create(x);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                TOperator.Apply(xv, Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref d, i) = TOperator.Apply(x, Unsafe.Add(ref ys, i));
    }

    /// <summary>max(x, 0) as PyTorch: NaN stays NaN, -0 becomes +0 (x &lt;= 0 selects zero, which NaN never does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> x, Span<float> into)
    {
        int n = into.Length, i = 0;
        if (x.Length < n) throw new ArgumentException("relu: the input is shorter than the result");
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(into);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref xs, (nuint)i);
                Vector512.ConditionalSelect(Vector512.LessThanOrEqual(v, Vector512<float>.Zero), Vector512<float>.Zero, v).StoreUnsafe(ref d, (nuint)i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref xs, (nuint)i);
                Vector256.ConditionalSelect(Vector256.LessThanOrEqual(v, Vector256<float>.Zero), Vector256<float>.Zero, v).StoreUnsafe(ref d, (nuint)i);
            }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref xs, i);
            Unsafe.Add(ref d, i) = v <= 0f ? 0f : v;
        }
    }
}
