using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

/// <summary>
/// Single-precision matrix multiply, row-major: C = op(A) · op(B) (+ C when accumulating),
/// where op(A) is m×k and op(B) is k×n. A transposed operand is read in place, not copied:
/// the transposition is absorbed while packing (large products) or by the loop order (small ones).
/// Single-threaded: nodes already run concurrently as actors.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Below this many multiply-adds, packing costs more than it saves and the direct loop is
    /// faster (measured by `kernels blocking`: direct wins at 8³, packed from 16³ on).
    /// </summary>
    internal const long SmallProductLimit = 2048;

    /// <param name="a">A, stored m×k (or k×m when <paramref name="transA"/>).</param>
    /// <param name="b">B, stored k×n (or n×k when <paramref name="transB"/>).</param>
    /// <param name="c">C, m×n, overwritten (or added to when <paramref name="accumulate"/>).</param>
    public static void Multiply(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate = false)
    {
        Validate(a.Length, b.Length, c.Length, m, n, k);
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            // An empty sum is zero.
            if (!accumulate) c[..(m * n)].Clear();
            return;
        }
        // A single row or column would fill one twelfth or one thirty-second of each packed
        // tile; the direct loop does not pad. Up to 16 columns with long rows and depth (an MLP's
        // logits and their weight gradient) need one streaming pass over A, not a packed copy;
        // narrow products with a short side left over are still computed transposed.
        bool wide = Vector512.IsHardwareAccelerated;
        if ((long)m * n * k <= SmallProductLimit || m == 1 || n == 1 || !Vector256.IsHardwareAccelerated)
            MultiplyDirect(a, transA, b, transB, c, m, n, k, accumulate);
        else if (m <= FewRowsLimit && !transB)
            MultiplyFewRows(a, transA, b, c, m, n, k, accumulate);
        else if (GemmSkinny.Fits(m, n, k))
            GemmSkinny.Multiply(a, transA, b, transB, c, m, n, k, accumulate, wide);
        else if (IsNarrow(m, n, wide))
            MultiplyTransposed(a, transA, b, transB, c, m, n, k, accumulate, GemmBlocking.Default, wide);
        else
            GemmBlocked.Multiply(a, transA, b, transB, c, m, n, k, accumulate, GemmBlocking.Default, wide);
    }

    /// <summary>
    /// Fewer than half a tile's columns and more rows than columns: a tile would compute mostly
    /// padding (n = 10, an MLP's class count, fills 10 of 32 columns), where the transposed
    /// product fills 10 of 12 tile rows.
    /// </summary>
    internal static bool IsNarrow(int m, int n, bool wide) =>
        n < (wide ? GemmMicroKernel.Columns512 : GemmMicroKernel.Columns256) / 2 && m > n;

    /// <summary>
    /// C = op(A)·op(B) as Cᵀ = op(B)ᵀ·op(A)ᵀ through the packed path (each operand read with
    /// the opposite transposition flag, so nothing is copied first), then Cᵀ written (or added) into C.
    /// </summary>
    internal static void MultiplyTransposed(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, GemmBlocking blocking, bool wide)
    {
        float[] transposedRental = ArrayPool<float>.Shared.Rent(m * n);
        try
        {
            var transposed = transposedRental.AsSpan(0, m * n);   // n×m
            GemmBlocked.Multiply(b, !transB, a, !transA, transposed, n, m, k, accumulate: false, blocking, wide);
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                    row[j] = accumulate ? row[j] + transposed[j * m + i] : transposed[j * m + i];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(transposedRental);
        }
    }

    /// <summary>
    /// The unpacked path for small and single-row or single-column products (and machines
    /// without SIMD): one row of op(A) at a time, SIMD over n (a scaled row of B added to the
    /// row of C) or, when B is transposed or is a single column (contiguous either way), SIMD
    /// over k (a dot product with a stored row of B).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyDirect(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate)
    {
        if (transA && n == 1)
        {
            // Aᵀ·v (a matrix-vector product's backward): the stored rows of A, scaled by v and
            // summed, are contiguous, where gathering each column of A would stride through memory.
            Span<float> column = c[..m];
            if (!accumulate) column.Clear();
            for (int p = 0; p < k; p++)
                GemmDirect.AddScaled(b[p], a.Slice(p * m, m), column);
            return;
        }
        float[]? gatheredRow = transA ? ArrayPool<float>.Shared.Rent(k) : null;
        try
        {
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<float> rowA = transA ? GatherColumn(a, m, k, i, gatheredRow!) : a.Slice(i * k, k);
                Span<float> rowC = c.Slice(i * n, n);
                if (transB || n == 1)
                {
                    for (int j = 0; j < n; j++)
                    {
                        float dot = GemmDirect.Dot(rowA, b.Slice(j * k, k));
                        rowC[j] = accumulate ? rowC[j] + dot : dot;
                    }
                }
                else
                {
                    if (!accumulate) rowC.Clear();
                    for (int p = 0; p < k; p++)
                        GemmDirect.AddScaled(rowA[p], b.Slice(p * n, n), rowC);
                }
            }
        }
        finally
        {
            if (gatheredRow is not null) ArrayPool<float>.Shared.Return(gatheredRow);
        }
    }

    /// <summary>
    /// At most this many rows of C (a weight gradient gᵀ·x with a handful of output features) take
    /// <see cref="MultiplyFewRows"/>: a packed tile is 12 rows high, so 3 rows would compute three
    /// quarters padding, and packing B (the whole activation) costs more than the product.
    /// </summary>
    internal const int FewRowsLimit = 4;

    /// <summary>
    /// C = op(A)·B for a few rows of C: B is streamed once, row p adding op(A)[i, p]·B[p, :] into every
    /// row i of C, which stays in L1 (B is not copied, A is read in place whichever way it is stored).
    /// </summary>
    internal static void MultiplyFewRows(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool accumulate)
    {
        if (!accumulate) c[..(m * n)].Clear();
        for (int p = 0; p < k; p++)
        {
            var rowB = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
                GemmDirect.AddScaled(transA ? a[p * m + i] : a[i * k + p], rowB, c.Slice(i * n, n));
        }
    }

    /// <summary>Row <paramref name="i"/> of op(A) when A is stored k×m: column i of the storage.</summary>
    private static ReadOnlySpan<float> GatherColumn(ReadOnlySpan<float> a, int m, int k, int i, float[] buffer)
    {
        for (int p = 0; p < k; p++)
            buffer[p] = a[p * m + i];
        return buffer.AsSpan(0, k);
    }

    internal static void Validate(int aLength, int bLength, int cLength, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"gemm: sizes must not be negative, got m={m}, n={n}, k={k}");
        if (aLength < (long)m * k)
            throw new ArgumentException($"gemm: A has {aLength} elements, m×k = {m}×{k} needs {(long)m * k}");
        if (bLength < (long)k * n)
            throw new ArgumentException($"gemm: B has {bLength} elements, k×n = {k}×{n} needs {(long)k * n}");
        if (cLength < (long)m * n)
            throw new ArgumentException($"gemm: C has {cLength} elements, m×n = {m}×{n} needs {(long)m * n}");
    }
}
