using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Autograd.Tensors;

/// <summary>
/// The inner loops of <see cref="GemmSkinny"/>'s transposed case: a tile of Cᵀ, a group of rows by
/// two vectors of columns, held in registers while a run of stored rows p of A adds its outer
/// products, row_j[q] += w[p, j] · a[p, q]. Cᵀ is loaded and stored once per run, not once per
/// row p, and each loaded vector of A feeds one FMA per row of the group.
/// </summary>
/// <remarks>
/// Arguments alike in every kernel: <c>ct</c> is the tile's first element in Cᵀ (rows
/// <c>ctStride</c> apart, the second vector 16 or 8 columns on); <c>a0</c> and <c>a1</c> the
/// columns of A the two vectors read in the first row p;
/// <c>m</c> the stride of A's rows; <c>w</c> the group's weights for the first p, <c>wStride</c> apart
/// from one p to the next; <c>depth</c> how many rows p.
/// </remarks>
internal static unsafe class GemmSkinnyOuterKernels
{
    /// <summary>Rows of Cᵀ per group: 16 of the 32 zmm registers, 8 of the 16 ymm ones.</summary>
    public const int GroupRowsWide = 8;
    public const int GroupRows = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuter8Wide(float* ct, int ctStride, float* a0, float* a1, int m, float* w, int wStride, int depth, float* ahead)
    {
        const int Width = 16;
        float* r0 = ct, r1 = r0 + ctStride, r2 = r1 + ctStride, r3 = r2 + ctStride;
        float* r4 = r3 + ctStride, r5 = r4 + ctStride, r6 = r5 + ctStride, r7 = r6 + ctStride;
        var c00 = Vector512.Load(r0); var c01 = Vector512.Load(r0 + Width);
        var c10 = Vector512.Load(r1); var c11 = Vector512.Load(r1 + Width);
        var c20 = Vector512.Load(r2); var c21 = Vector512.Load(r2 + Width);
        var c30 = Vector512.Load(r3); var c31 = Vector512.Load(r3 + Width);
        var c40 = Vector512.Load(r4); var c41 = Vector512.Load(r4 + Width);
        var c50 = Vector512.Load(r5); var c51 = Vector512.Load(r5 + Width);
        var c60 = Vector512.Load(r6); var c61 = Vector512.Load(r6 + Width);
        var c70 = Vector512.Load(r7); var c71 = Vector512.Load(r7 + Width);
        for (int p = 0; p < depth; p++, a0 += m, a1 += m, w += wStride)
        {
            var x0 = Vector512.Load(a0);
            var x1 = Vector512.Load(a1);
            FetchStrip(ahead, (long)p * m, 2 * Width);
            var y = Vector512.Create(w[0]); c00 = Vector512.FusedMultiplyAdd(x0, y, c00); c01 = Vector512.FusedMultiplyAdd(x1, y, c01);
            y = Vector512.Create(w[1]); c10 = Vector512.FusedMultiplyAdd(x0, y, c10); c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
            y = Vector512.Create(w[2]); c20 = Vector512.FusedMultiplyAdd(x0, y, c20); c21 = Vector512.FusedMultiplyAdd(x1, y, c21);
            y = Vector512.Create(w[3]); c30 = Vector512.FusedMultiplyAdd(x0, y, c30); c31 = Vector512.FusedMultiplyAdd(x1, y, c31);
            y = Vector512.Create(w[4]); c40 = Vector512.FusedMultiplyAdd(x0, y, c40); c41 = Vector512.FusedMultiplyAdd(x1, y, c41);
            y = Vector512.Create(w[5]); c50 = Vector512.FusedMultiplyAdd(x0, y, c50); c51 = Vector512.FusedMultiplyAdd(x1, y, c51);
            y = Vector512.Create(w[6]); c60 = Vector512.FusedMultiplyAdd(x0, y, c60); c61 = Vector512.FusedMultiplyAdd(x1, y, c61);
            y = Vector512.Create(w[7]); c70 = Vector512.FusedMultiplyAdd(x0, y, c70); c71 = Vector512.FusedMultiplyAdd(x1, y, c71);
        }
        c00.Store(r0); c01.Store(r0 + Width); c10.Store(r1); c11.Store(r1 + Width);
        c20.Store(r2); c21.Store(r2 + Width); c30.Store(r3); c31.Store(r3 + Width);
        c40.Store(r4); c41.Store(r4 + Width); c50.Store(r5); c51.Store(r5 + Width);
        c60.Store(r6); c61.Store(r6 + Width); c70.Store(r7); c71.Store(r7 + Width);
    }

    /// <summary><see cref="AddOuter8Wide"/> for a group of 2 rows (what remains of an even row count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuter2Wide(float* ct, int ctStride, float* a0, float* a1, int m, float* w, int wStride, int depth, float* ahead)
    {
        const int Width = 16;
        float* r0 = ct, r1 = r0 + ctStride;
        var c00 = Vector512.Load(r0); var c01 = Vector512.Load(r0 + Width);
        var c10 = Vector512.Load(r1); var c11 = Vector512.Load(r1 + Width);
        for (int p = 0; p < depth; p++, a0 += m, a1 += m, w += wStride)
        {
            var x0 = Vector512.Load(a0);
            var x1 = Vector512.Load(a1);
            FetchStrip(ahead, (long)p * m, 2 * Width);
            var y = Vector512.Create(w[0]); c00 = Vector512.FusedMultiplyAdd(x0, y, c00); c01 = Vector512.FusedMultiplyAdd(x1, y, c01);
            y = Vector512.Create(w[1]); c10 = Vector512.FusedMultiplyAdd(x0, y, c10); c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
        }
        c00.Store(r0); c01.Store(r0 + Width); c10.Store(r1); c11.Store(r1 + Width);
    }

    /// <summary><see cref="AddOuter8Wide"/> with Vector256 and a group of 4 rows (11 of the 16 ymm registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuter4(float* ct, int ctStride, float* a0, float* a1, int m, float* w, int wStride, int depth, float* ahead)
    {
        const int Width = 8;
        float* r0 = ct, r1 = r0 + ctStride, r2 = r1 + ctStride, r3 = r2 + ctStride;
        var c00 = Vector256.Load(r0); var c01 = Vector256.Load(r0 + Width);
        var c10 = Vector256.Load(r1); var c11 = Vector256.Load(r1 + Width);
        var c20 = Vector256.Load(r2); var c21 = Vector256.Load(r2 + Width);
        var c30 = Vector256.Load(r3); var c31 = Vector256.Load(r3 + Width);
        for (int p = 0; p < depth; p++, a0 += m, a1 += m, w += wStride)
        {
            var x0 = Vector256.Load(a0);
            var x1 = Vector256.Load(a1);
            FetchStrip(ahead, (long)p * m, 2 * Width);
            var y = Vector256.Create(w[0]); c00 = Vector256.FusedMultiplyAdd(x0, y, c00); c01 = Vector256.FusedMultiplyAdd(x1, y, c01);
            y = Vector256.Create(w[1]); c10 = Vector256.FusedMultiplyAdd(x0, y, c10); c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
            y = Vector256.Create(w[2]); c20 = Vector256.FusedMultiplyAdd(x0, y, c20); c21 = Vector256.FusedMultiplyAdd(x1, y, c21);
            y = Vector256.Create(w[3]); c30 = Vector256.FusedMultiplyAdd(x0, y, c30); c31 = Vector256.FusedMultiplyAdd(x1, y, c31);
        }
        c00.Store(r0); c01.Store(r0 + Width); c10.Store(r1); c11.Store(r1 + Width);
        c20.Store(r2); c21.Store(r2 + Width); c30.Store(r3); c31.Store(r3 + Width);
    }

    /// <summary><see cref="AddOuter4"/> for a group of 2 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuter2(float* ct, int ctStride, float* a0, float* a1, int m, float* w, int wStride, int depth, float* ahead)
    {
        const int Width = 8;
        float* r0 = ct, r1 = r0 + ctStride;
        var c00 = Vector256.Load(r0); var c01 = Vector256.Load(r0 + Width);
        var c10 = Vector256.Load(r1); var c11 = Vector256.Load(r1 + Width);
        for (int p = 0; p < depth; p++, a0 += m, a1 += m, w += wStride)
        {
            var x0 = Vector256.Load(a0);
            var x1 = Vector256.Load(a1);
            FetchStrip(ahead, (long)p * m, 2 * Width);
            var y = Vector256.Create(w[0]); c00 = Vector256.FusedMultiplyAdd(x0, y, c00); c01 = Vector256.FusedMultiplyAdd(x1, y, c01);
            y = Vector256.Create(w[1]); c10 = Vector256.FusedMultiplyAdd(x0, y, c10); c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
        }
        c00.Store(r0); c01.Store(r0 + Width); c10.Store(r1); c11.Store(r1 + Width);
    }

    /// <summary>
    /// Asks for the <paramref name="length"/> floats at <paramref name="ahead"/> + <paramref name="offset"/>
    /// (three lines, as rows of A need not start on a line): the next strip's stretch of a row, in L2
    /// by the time its strip starts. Without it every row of a strip waited on memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FetchStrip(float* ahead, long offset, int length)
    {
        if (Sse.IsSupported && ahead != null)
        {
            Sse.Prefetch1(ahead + offset);
            Sse.Prefetch1(ahead + offset + length / 2);
            Sse.Prefetch1(ahead + offset + length - 1);
        }
    }
}
