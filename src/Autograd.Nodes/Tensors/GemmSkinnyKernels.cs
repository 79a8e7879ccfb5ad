using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

/// <summary>
/// The inner loops of <see cref="GemmSkinny"/>, once per vector width (Vector512 where the
/// hardware accelerates it, else Vector256). Accumulators are separate locals so the JIT keeps
/// them in registers. Rows are read in whole vectors; a row whose length is not a multiple of
/// the width ends with one vector read at <c>length - width</c> (see <see cref="GemmSkinny.TailLayout"/>).
/// </summary>
internal static unsafe class GemmSkinnyKernels
{
    /// <summary>Columns of op(B) per dot-product block: four rows of op(B)ᵀ, each loaded once per step.</summary>
    public const int ColumnGroup = 4;

    // 4×4 accumulators use 16 of the 32 zmm registers (each loaded vector of A feeds four FMAs,
    // each of op(B)ᵀ four); 2×4 use 8 of the 16 ymm registers an AVX2-only CPU has.
    public const int RowGroup512 = 4;
    public const int RowGroup256 = 2;

    /// <summary>
    /// sums[r·4 + j] = Σ_p a[r·k + p] · bt[j·stride + p] for 4 rows of A (m×k, from <paramref name="a"/>)
    /// and 4 rows of op(B)ᵀ laid out as <see cref="GemmSkinny.TailLayout"/> rows of k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot4x4(float* a, int k, float* bt, int stride, float* sums)
    {
        float* a1 = a + k, a2 = a1 + k, a3 = a2 + k;
        float* b1 = bt + stride, b2 = b1 + stride, b3 = b2 + stride;
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero; var c02 = Vector512<float>.Zero; var c03 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero; var c12 = Vector512<float>.Zero; var c13 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero; var c22 = Vector512<float>.Zero; var c23 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero; var c32 = Vector512<float>.Zero; var c33 = Vector512<float>.Zero;
        int last = k - Vector512<float>.Count;
        for (int p = 0; p < stride; p += Vector512<float>.Count)
        {
            int offset = Math.Min(p, last);
            var x0 = Vector512.Load(a + offset);
            var x1 = Vector512.Load(a1 + offset);
            var x2 = Vector512.Load(a2 + offset);
            var x3 = Vector512.Load(a3 + offset);
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
        sums[0] = Vector512.Sum(c00); sums[1] = Vector512.Sum(c01); sums[2] = Vector512.Sum(c02); sums[3] = Vector512.Sum(c03);
        sums[4] = Vector512.Sum(c10); sums[5] = Vector512.Sum(c11); sums[6] = Vector512.Sum(c12); sums[7] = Vector512.Sum(c13);
        sums[8] = Vector512.Sum(c20); sums[9] = Vector512.Sum(c21); sums[10] = Vector512.Sum(c22); sums[11] = Vector512.Sum(c23);
        sums[12] = Vector512.Sum(c30); sums[13] = Vector512.Sum(c31); sums[14] = Vector512.Sum(c32); sums[15] = Vector512.Sum(c33);
    }

    /// <summary><see cref="Dot4x4"/> for 2 rows of A with Vector256.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot2x4(float* a, int k, float* bt, int stride, float* sums)
    {
        float* a1 = a + k;
        float* b1 = bt + stride, b2 = b1 + stride, b3 = b2 + stride;
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero; var c02 = Vector256<float>.Zero; var c03 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero; var c12 = Vector256<float>.Zero; var c13 = Vector256<float>.Zero;
        int last = k - Vector256<float>.Count;
        for (int p = 0; p < stride; p += Vector256<float>.Count)
        {
            int offset = Math.Min(p, last);
            var x0 = Vector256.Load(a + offset);
            var x1 = Vector256.Load(a1 + offset);
            var y = Vector256.Load(bt + p);
            c00 = Vector256.FusedMultiplyAdd(x0, y, c00); c10 = Vector256.FusedMultiplyAdd(x1, y, c10);
            y = Vector256.Load(b1 + p);
            c01 = Vector256.FusedMultiplyAdd(x0, y, c01); c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
            y = Vector256.Load(b2 + p);
            c02 = Vector256.FusedMultiplyAdd(x0, y, c02); c12 = Vector256.FusedMultiplyAdd(x1, y, c12);
            y = Vector256.Load(b3 + p);
            c03 = Vector256.FusedMultiplyAdd(x0, y, c03); c13 = Vector256.FusedMultiplyAdd(x1, y, c13);
        }
        sums[0] = Vector256.Sum(c00); sums[1] = Vector256.Sum(c01); sums[2] = Vector256.Sum(c02); sums[3] = Vector256.Sum(c03);
        sums[4] = Vector256.Sum(c10); sums[5] = Vector256.Sum(c11); sums[6] = Vector256.Sum(c12); sums[7] = Vector256.Sum(c13);
    }

    /// <summary>
    /// row[q] += s0·a[0, q] + s1·a[1, q] + s2·a[2, q] + s3·a[3, q] for a row of Cᵀ laid out as a
    /// <see cref="GemmSkinny.TailLayout"/> of m and four stored rows of A (k×m) from <paramref name="a"/>:
    /// four FMAs per load and store of Cᵀ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuter4x512(float* row, int stride, float* a, int m, float s0, float s1, float s2, float s3)
    {
        float* a1 = a + m, a2 = a1 + m, a3 = a2 + m;
        var v0 = Vector512.Create(s0); var v1 = Vector512.Create(s1);
        var v2 = Vector512.Create(s2); var v3 = Vector512.Create(s3);
        int last = m - Vector512<float>.Count;
        for (int q = 0; q < stride; q += Vector512<float>.Count)
        {
            int offset = Math.Min(q, last);
            var sum = Vector512.Load(row + q);
            sum = Vector512.FusedMultiplyAdd(v0, Vector512.Load(a + offset), sum);
            sum = Vector512.FusedMultiplyAdd(v1, Vector512.Load(a1 + offset), sum);
            sum = Vector512.FusedMultiplyAdd(v2, Vector512.Load(a2 + offset), sum);
            sum = Vector512.FusedMultiplyAdd(v3, Vector512.Load(a3 + offset), sum);
            sum.Store(row + q);
        }
    }

    /// <summary><see cref="AddOuter4x512"/> with Vector256.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddOuter4x256(float* row, int stride, float* a, int m, float s0, float s1, float s2, float s3)
    {
        float* a1 = a + m, a2 = a1 + m, a3 = a2 + m;
        var v0 = Vector256.Create(s0); var v1 = Vector256.Create(s1);
        var v2 = Vector256.Create(s2); var v3 = Vector256.Create(s3);
        int last = m - Vector256<float>.Count;
        for (int q = 0; q < stride; q += Vector256<float>.Count)
        {
            int offset = Math.Min(q, last);
            var sum = Vector256.Load(row + q);
            sum = Vector256.FusedMultiplyAdd(v0, Vector256.Load(a + offset), sum);
            sum = Vector256.FusedMultiplyAdd(v1, Vector256.Load(a1 + offset), sum);
            sum = Vector256.FusedMultiplyAdd(v2, Vector256.Load(a2 + offset), sum);
            sum = Vector256.FusedMultiplyAdd(v3, Vector256.Load(a3 + offset), sum);
            sum.Store(row + q);
        }
    }
}
