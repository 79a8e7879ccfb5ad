using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

/// <summary>
/// The two vector loops of <see cref="Gemm"/>'s direct path for small products. Written out
/// rather than calling TensorPrimitives because the rows are short and there are many calls:
/// the per-call cost of the general routines dominated (about 1 GFLOP/s on 32³).
/// </summary>
internal static class GemmDirect
{
    /// <summary>c += s · b, element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(float s, ReadOnlySpan<float> b, Span<float> c)
    {
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        int n = c.Length, j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var scale = Vector512.Create(s);
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
                Vector512.FusedMultiplyAdd(scale, Vector512.LoadUnsafe(ref bRef, (nuint)j), Vector512.LoadUnsafe(ref cRef, (nuint)j))
                    .StoreUnsafe(ref cRef, (nuint)j);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(s);
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
                Vector256.FusedMultiplyAdd(scale, Vector256.LoadUnsafe(ref bRef, (nuint)j), Vector256.LoadUnsafe(ref cRef, (nuint)j))
                    .StoreUnsafe(ref cRef, (nuint)j);
        }
        // The tail, shorter than a vector.
        for (; j < n; j++)
            Unsafe.Add(ref cRef, j) = MathF.FusedMultiplyAdd(s, Unsafe.Add(ref bRef, j), Unsafe.Add(ref cRef, j));
    }

    /// <summary>Σ x[p]·y[p] over equal-length spans.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        int k = x.Length, p = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated && k >= Vector512<float>.Count)
        {
            var acc = Vector512<float>.Zero;
            for (; p <= k - Vector512<float>.Count; p += Vector512<float>.Count)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xRef, (nuint)p), Vector512.LoadUnsafe(ref yRef, (nuint)p), acc);
            sum = Vector512.Sum(acc);
        }
        if (Vector256.IsHardwareAccelerated && k - p >= Vector256<float>.Count)
        {
            var acc = Vector256<float>.Zero;
            for (; p <= k - Vector256<float>.Count; p += Vector256<float>.Count)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xRef, (nuint)p), Vector256.LoadUnsafe(ref yRef, (nuint)p), acc);
            sum += Vector256.Sum(acc);
        }
        for (; p < k; p++)
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xRef, p), Unsafe.Add(ref yRef, p), sum);
        return sum;
    }
}
