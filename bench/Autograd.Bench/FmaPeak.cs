using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Autograd.Bench;

/// <summary>
/// The machine's single-thread float32 FMA peak, measured: a loop of independent accumulators that
/// never leave registers, on the same vector width <see cref="Autograd.Tensors.Gemm"/> uses.
/// Twelve chains cover FMA latency × throughput (4 cycles × 2 pipes on current x86) with room.
/// </summary>
internal static class FmaPeak
{
    // One run lasts about as long as one 1024³ matmul (~20 ms), so interleaved runs share the same noise.
    private const int Iterations = 5_000_000;
    private const int Chains = 12;

    private static readonly bool Wide = Vector512.IsHardwareAccelerated;

    /// <summary>Floating-point operations in one <see cref="RunOnce"/>: two per lane per FMA.</summary>
    public static double FlopsPerRun => 2.0 * (Wide ? Vector512<float>.Count : Vector256<float>.Count) * Chains * Iterations;

    /// <summary>One timed unit of the peak loop (about 20 ms at full speed).</summary>
    public static void RunOnce()
    {
        float result = Wide ? Run512(Iterations) : Run256(Iterations);
        if (!float.IsFinite(result))
            throw new InvalidOperationException($"FMA peak loop diverged to {result}");
    }

    // acc = acc·s + t converges to t/(1-s) = 1: no overflow and no denormals to slow it down.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run512(int iterations)
    {
        var s = Vector512.Create(0.999f);
        var t = Vector512.Create(0.001f);
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
            a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, s, t); a1 = Vector512.FusedMultiplyAdd(a1, s, t);
            a2 = Vector512.FusedMultiplyAdd(a2, s, t); a3 = Vector512.FusedMultiplyAdd(a3, s, t);
            a4 = Vector512.FusedMultiplyAdd(a4, s, t); a5 = Vector512.FusedMultiplyAdd(a5, s, t);
            a6 = Vector512.FusedMultiplyAdd(a6, s, t); a7 = Vector512.FusedMultiplyAdd(a7, s, t);
            a8 = Vector512.FusedMultiplyAdd(a8, s, t); a9 = Vector512.FusedMultiplyAdd(a9, s, t);
            a10 = Vector512.FusedMultiplyAdd(a10, s, t); a11 = Vector512.FusedMultiplyAdd(a11, s, t);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run256(int iterations)
    {
        var s = Vector256.Create(0.999f);
        var t = Vector256.Create(0.001f);
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
            a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = MultiplyAdd(a0, s, t); a1 = MultiplyAdd(a1, s, t); a2 = MultiplyAdd(a2, s, t);
            a3 = MultiplyAdd(a3, s, t); a4 = MultiplyAdd(a4, s, t); a5 = MultiplyAdd(a5, s, t);
            a6 = MultiplyAdd(a6, s, t); a7 = MultiplyAdd(a7, s, t); a8 = MultiplyAdd(a8, s, t);
            a9 = MultiplyAdd(a9, s, t); a10 = MultiplyAdd(a10, s, t); a11 = MultiplyAdd(a11, s, t);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;
}
