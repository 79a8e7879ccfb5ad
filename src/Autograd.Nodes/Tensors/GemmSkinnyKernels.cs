using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Autograd.Tensors;

/// <summary>
/// The dot-product loops of <see cref="GemmSkinny"/>. Accumulators are separate locals so the JIT
/// keeps them in registers. Rows are read in whole vectors as <see cref="GemmSkinnyLayout"/> says:
/// vector v of a row reads from <c>offsets[v]</c>, op(B)ᵀ's rows are laid out to match.
/// Each kernel also prefetches a stretch of A that a later call reads (<c>ahead</c>, none when null).
/// </summary>
internal static unsafe class GemmSkinnyKernels
{
    /// <summary>Rows of A per dot-product call: 4×4 accumulators use 16 of the 32 zmm registers, 2×4 8 of the 16 ymm ones.</summary>
    public const int DotRowsWide = 4;
    public const int DotRows = 2;

    /// <summary>
    /// sums[r·4 + j] = Σ_p a[r·k + p] · bt[j·stride + p] for 2 rows of A (m×k) and 4 rows of op(B)ᵀ
    /// laid out as <see cref="GemmSkinnyLayout"/> rows of k; the Vector256 kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot2x4(float* a, int k, int* offsets, float* bt, int stride, float* sums, float* ahead)
    {
        float* a1 = a + k;
        float* b1 = bt + stride, b2 = b1 + stride, b3 = b2 + stride;
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero; var c02 = Vector256<float>.Zero; var c03 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero; var c12 = Vector256<float>.Zero; var c13 = Vector256<float>.Zero;
        for (int p = 0, vector = 0; p < stride; p += Vector256<float>.Count, vector++)
        {
            int offset = offsets[vector];
            var x0 = Vector256.Load(a + offset);
            var x1 = Vector256.Load(a1 + offset);
            Prefetch(ahead, 2L * p);
            var y = Vector256.Load(bt + p);
            c00 = Vector256.FusedMultiplyAdd(x0, y, c00); c10 = Vector256.FusedMultiplyAdd(x1, y, c10);
            y = Vector256.Load(b1 + p);
            c01 = Vector256.FusedMultiplyAdd(x0, y, c01); c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
            y = Vector256.Load(b2 + p);
            c02 = Vector256.FusedMultiplyAdd(x0, y, c02); c12 = Vector256.FusedMultiplyAdd(x1, y, c12);
            y = Vector256.Load(b3 + p);
            c03 = Vector256.FusedMultiplyAdd(x0, y, c03); c13 = Vector256.FusedMultiplyAdd(x1, y, c13);
        }
        sums[0] = Sum(c00); sums[1] = Sum(c01); sums[2] = Sum(c02); sums[3] = Sum(c03);
        sums[4] = Sum(c10); sums[5] = Sum(c11); sums[6] = Sum(c12); sums[7] = Sum(c13);
    }

    /// <summary><see cref="Dot2x4"/> for the last 2 columns: sums[r·4 + j], j &lt; 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot2x2(float* a, int k, int* offsets, float* bt, int stride, float* sums, float* ahead)
    {
        float* a1 = a + k;
        float* b1 = bt + stride;
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        for (int p = 0, vector = 0; p < stride; p += Vector256<float>.Count, vector++)
        {
            int offset = offsets[vector];
            var x0 = Vector256.Load(a + offset);
            var x1 = Vector256.Load(a1 + offset);
            Prefetch(ahead, 2L * p);
            var y = Vector256.Load(bt + p);
            c00 = Vector256.FusedMultiplyAdd(x0, y, c00); c10 = Vector256.FusedMultiplyAdd(x1, y, c10);
            y = Vector256.Load(b1 + p);
            c01 = Vector256.FusedMultiplyAdd(x0, y, c01); c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
        }
        sums[0] = Sum(c00); sums[1] = Sum(c01);
        sums[4] = Sum(c10); sums[5] = Sum(c11);
    }

    /// <summary><see cref="Dot2x4"/> for 4 rows of A with Vector512: 16 of the 32 zmm registers hold sums[r·4 + j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot4x4Wide(float* a, int k, int* offsets, float* bt, int stride, float* sums, float* ahead)
    {
        float* a1 = a + k, a2 = a1 + k, a3 = a2 + k;
        float* b1 = bt + stride, b2 = b1 + stride, b3 = b2 + stride;
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero; var c02 = Vector512<float>.Zero; var c03 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero; var c12 = Vector512<float>.Zero; var c13 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero; var c22 = Vector512<float>.Zero; var c23 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero; var c32 = Vector512<float>.Zero; var c33 = Vector512<float>.Zero;
        for (int p = 0, vector = 0; p < stride; p += Vector512<float>.Count, vector++)
        {
            int offset = offsets[vector];
            var x0 = Vector512.Load(a + offset);
            var x1 = Vector512.Load(a1 + offset);
            var x2 = Vector512.Load(a2 + offset);
            var x3 = Vector512.Load(a3 + offset);
            Prefetch(ahead, 4L * p);
            Prefetch(ahead, 4L * p + 16);
            Prefetch(ahead, 4L * p + 32);
            Prefetch(ahead, 4L * p + 48);
            var y = Vector512.Load(bt + p);
            c00 = Vector512.FusedMultiplyAdd(x0, y, c00); c10 = Vector512.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector512.FusedMultiplyAdd(x2, y, c20); c30 = Vector512.FusedMultiplyAdd(x3, y, c30);
            y = Vector512.Load(b1 + p);
            c01 = Vector512.FusedMultiplyAdd(x0, y, c01); c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
            c21 = Vector512.FusedMultiplyAdd(x2, y, c21); c31 = Vector512.FusedMultiplyAdd(x3, y, c31);
            y = Vector512.Load(b2 + p);
            c02 = Vector512.FusedMultiplyAdd(x0, y, c02); c12 = Vector512.FusedMultiplyAdd(x1, y, c12);
            c22 = Vector512.FusedMultiplyAdd(x2, y, c22); c32 = Vector512.FusedMultiplyAdd(x3, y, c32);
            y = Vector512.Load(b3 + p);
            c03 = Vector512.FusedMultiplyAdd(x0, y, c03); c13 = Vector512.FusedMultiplyAdd(x1, y, c13);
            c23 = Vector512.FusedMultiplyAdd(x2, y, c23); c33 = Vector512.FusedMultiplyAdd(x3, y, c33);
        }
        SumEach(c00, c10, c20, c30, c01, c11, c21, c31, c02, c12, c22, c32, c03, c13, c23, c33).Store(sums);
    }

    /// <summary><see cref="Dot4x4Wide"/> for the last 2 columns: sums[r·4 + j], j &lt; 2 (the other lanes are scratch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot4x2Wide(float* a, int k, int* offsets, float* bt, int stride, float* sums, float* ahead)
    {
        float* a1 = a + k, a2 = a1 + k, a3 = a2 + k;
        float* b1 = bt + stride;
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        for (int p = 0, vector = 0; p < stride; p += Vector512<float>.Count, vector++)
        {
            int offset = offsets[vector];
            var x0 = Vector512.Load(a + offset);
            var x1 = Vector512.Load(a1 + offset);
            var x2 = Vector512.Load(a2 + offset);
            var x3 = Vector512.Load(a3 + offset);
            Prefetch(ahead, 4L * p);
            Prefetch(ahead, 4L * p + 16);
            Prefetch(ahead, 4L * p + 32);
            Prefetch(ahead, 4L * p + 48);
            var y = Vector512.Load(bt + p);
            c00 = Vector512.FusedMultiplyAdd(x0, y, c00); c10 = Vector512.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector512.FusedMultiplyAdd(x2, y, c20); c30 = Vector512.FusedMultiplyAdd(x3, y, c30);
            y = Vector512.Load(b1 + p);
            c01 = Vector512.FusedMultiplyAdd(x0, y, c01); c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
            c21 = Vector512.FusedMultiplyAdd(x2, y, c21); c31 = Vector512.FusedMultiplyAdd(x3, y, c31);
        }
        SumEach(c00, c10, c20, c30, c01, c11, c21, c31).Store(sums);
    }

    /// <summary>
    /// Σ lanes of each of 16 vectors at once: lane 4·(i mod 4) + i / 4 of the result is the sum of
    /// v_i (so vectors given column by column come out row by row). Each step adds two vectors'
    /// halves, then quarters, pairs and lanes side by side: 15 steps of two shuffles and an add,
    /// where summing each vector alone costs 16 reductions of about ten instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SumEach(
        Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7,
        Vector512<float> v8, Vector512<float> v9, Vector512<float> v10, Vector512<float> v11,
        Vector512<float> v12, Vector512<float> v13, Vector512<float> v14, Vector512<float> v15)
    {
        var low = SumQuarters(AddHalves(v0, v1), AddHalves(v2, v3), AddHalves(v4, v5), AddHalves(v6, v7));
        var high = SumQuarters(AddHalves(v8, v9), AddHalves(v10, v11), AddHalves(v12, v13), AddHalves(v14, v15));
        // Lane j of each quarter: the pairs of v_q and v_{q+4} in low, v_{q+8} and v_{q+12} in high.
        return Avx512F.Shuffle(low, high, 0b10_00_10_00) + Avx512F.Shuffle(low, high, 0b11_01_11_01);
    }

    /// <summary>
    /// <see cref="SumEach(Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float})"/>
    /// of 8 vectors: lane 4·(i mod 4) + i / 4 again (lanes 2 and 3 of each quarter repeat 0 and 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SumEach(
        Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7)
    {
        var pairs = SumQuarters(AddHalves(v0, v1), AddHalves(v2, v3), AddHalves(v4, v5), AddHalves(v6, v7));
        return Avx512F.Shuffle(pairs, pairs, 0b10_00_10_00) + Avx512F.Shuffle(pairs, pairs, 0b11_01_11_01);
    }

    /// <summary>Quarters 0-1 of the result: a's two halves added; quarters 2-3: b's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> AddHalves(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0b01_00_01_00) + Avx512F.Shuffle4x128(a, b, 0b11_10_11_10);

    /// <summary>
    /// From four <see cref="AddHalves"/> results (v0|v1, v2|v3, v4|v5, v6|v7): quarter q holds, as
    /// two pairs of partial sums, v_q then v_{q+4}.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SumQuarters(Vector512<float> w01, Vector512<float> w23, Vector512<float> w45, Vector512<float> w67)
    {
        var u0123 = Avx512F.Shuffle4x128(w01, w23, 0b10_00_10_00) + Avx512F.Shuffle4x128(w01, w23, 0b11_01_11_01);
        var u4567 = Avx512F.Shuffle4x128(w45, w67, 0b10_00_10_00) + Avx512F.Shuffle4x128(w45, w67, 0b11_01_11_01);
        var low = Avx512F.UnpackLow(u0123.AsDouble(), u4567.AsDouble()).AsSingle();
        var high = Avx512F.UnpackHigh(u0123.AsDouble(), u4567.AsDouble()).AsSingle();
        return low + high;
    }

    /// <summary>Σ lanes, halving first: Vector256.Sum reduced each 128-bit half separately.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(Vector256<float> v) => Vector128.Sum(v.GetLower() + v.GetUpper());

    /// <summary>
    /// Asks for the cache line at <paramref name="ahead"/> + <paramref name="offset"/> (into L2, where the band it belongs to is kept). Without it the
    /// first pass over each stretch of A waited on memory, and the passes reading it from cache did
    /// not overlap that wait.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* ahead, long offset)
    {
        if (Sse.IsSupported && ahead != null)
            Sse.Prefetch1(ahead + offset);
    }
}
