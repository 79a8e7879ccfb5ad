using System.Buffers;
using System.Runtime.CompilerServices;

namespace Autograd.Tensors;

/// <summary>
/// Skinny products: op(B) has at most <see cref="MaxColumns"/> columns while m and k are large,
/// as in an MLP's output layer (X·W with W 784×10) and its weight gradient (Xᵀ·G with G 4096×10).
/// Such a product does only n multiply-adds per element of A, so it is bound by one streaming
/// pass over A; the packed path would pack A first (a second pass writing and re-reading it)
/// into tiles mostly of padding. Here A is read once, in place, and only the small operands live
/// in a scratch buffer that stays in L1/L2:
/// <list type="bullet">
/// <item>A not transposed (A is m×k): dot products of rows of A with the n rows of op(B)ᵀ
/// (<see cref="GemmSkinnyKernels.Dot4x4"/>), register-blocked over rows and columns.</item>
/// <item>A transposed (stored k×m): Cᵀ (n×m) accumulates outer products of op(B)'s row p with
/// A's stored row p, four rows p at a time (<see cref="GemmSkinnyKernels.AddOuter4x512"/>), and is
/// written transposed into C at the end.</item>
/// </list>
/// Both read the last partial vector of a row at an offset that ends exactly at the row's end,
/// overlapping the previous vector; the scratch layout makes the overlapped lanes count once
/// (see <see cref="TailLayout"/>), so there is no scalar tail loop.
/// </summary>
internal static unsafe class GemmSkinny
{
    /// <summary>One Vector512 of columns: beyond it, the products are no longer skinny.</summary>
    public const int MaxColumns = 16;

    /// <summary>
    /// Below this many rows (m) or steps (k), the packed or direct paths are as fast and the
    /// overlapping tail reads (which need a full vector) would not fit.
    /// </summary>
    public const int MinRowsAndDepth = 32;

    /// <summary>Whether <see cref="Multiply"/> takes this shape (n = 1 stays on the direct path).</summary>
    public static bool Fits(int m, int n, int k) =>
        n is >= 2 and <= MaxColumns && m >= MinRowsAndDepth && k >= MinRowsAndDepth;

    /// <param name="wide">Vector512 kernels (else Vector256); tests choose, so both are checked.</param>
    public static void Multiply(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        if (!Fits(m, n, k))
            throw new ArgumentException($"gemm: {m}×{n}×{k} is not a skinny product (2 ≤ n ≤ {MaxColumns}, m and k ≥ {MinRowsAndDepth})");
        if (transA)
            OuterProducts(a, b, transB, c, m, n, k, accumulate, wide);
        else
            DotProducts(a, b, transB, c, m, n, k, accumulate, wide);
    }

    /// <summary>
    /// A row of <paramref name="length"/> values read in vectors of <paramref name="width"/>:
    /// the whole vectors, then (when the length is not a multiple) one more vector read at
    /// <c>length - width</c>. A scratch row mirroring it has <see cref="Stride"/> slots: the
    /// whole vectors, then a tail window whose first <c>width - remainder</c> lanes stand for
    /// values already counted.
    /// </summary>
    internal readonly record struct TailLayout(int Length, int Width)
    {
        public int Whole => Length - Length % Width;
        public int Stride => Length % Width == 0 ? Length : Whole + Width;

        /// <summary>The scratch slot of value <paramref name="index"/>: its own, or its lane in the tail window.</summary>
        public int Slot(int index) => index < Whole ? index : Whole + index - (Length - Width);
    }

    /// <summary>C = A·op(B), A m×k: each C[i, j] is a dot product of row i of A with row j of op(B)ᵀ.</summary>
    private static void DotProducts(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        var depth = new TailLayout(k, wide ? 16 : 8);
        int groups = (n + GemmSkinnyKernels.ColumnGroup - 1) / GemmSkinnyKernels.ColumnGroup;
        int paddedColumns = groups * GemmSkinnyKernels.ColumnGroup;
        int rowGroup = wide ? GemmSkinnyKernels.RowGroup512 : GemmSkinnyKernels.RowGroup256;
        float[] rental = ArrayPool<float>.Shared.Rent(paddedColumns * depth.Stride);
        try
        {
            // op(B)ᵀ, padded with zero rows to whole column groups; in the tail window the lanes
            // before the remainder are zero, so the overlapping read of A adds nothing twice.
            var transposed = rental.AsSpan(0, paddedColumns * depth.Stride);
            transposed.Clear();
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++)
                    transposed[j * depth.Stride + depth.Slot(p)] = transB ? b[j * k + p] : b[p * n + j];

            float* sums = stackalloc float[GemmSkinnyKernels.RowGroup512 * GemmSkinnyKernels.ColumnGroup];
            fixed (float* aPtr = a, bt = transposed, cPtr = c)
            {
                for (int row = 0; row < m; row += rowGroup)
                {
                    // The last group ends at row m, overlapping the previous one; only its new rows are stored.
                    int first = Math.Min(row, m - rowGroup);
                    for (int g = 0; g < groups; g++)
                    {
                        float* columns = bt + (long)g * GemmSkinnyKernels.ColumnGroup * depth.Stride;
                        if (wide) GemmSkinnyKernels.Dot4x4(aPtr + (long)first * k, k, columns, depth.Stride, sums);
                        else GemmSkinnyKernels.Dot2x4(aPtr + (long)first * k, k, columns, depth.Stride, sums);
                        StoreBlock(sums, cPtr, n, first, row - first, rowGroup, g * GemmSkinnyKernels.ColumnGroup, accumulate);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rental);
        }
    }

    /// <summary>Rows <paramref name="skip"/>.. of a block of sums (ColumnGroup per row) into C, columns below n only.</summary>
    private static void StoreBlock(float* sums, float* c, int n, int firstRow, int skip, int rows, int firstColumn, bool accumulate)
    {
        int columns = Math.Min(GemmSkinnyKernels.ColumnGroup, n - firstColumn);
        for (int r = skip; r < rows; r++)
        {
            float* destination = c + (long)(firstRow + r) * n + firstColumn;
            float* source = sums + r * GemmSkinnyKernels.ColumnGroup;
            for (int j = 0; j < columns; j++)
                destination[j] = accumulate ? destination[j] + source[j] : source[j];
        }
    }

    /// <summary>
    /// C = Aᵀ·op(B), A stored k×m: Cᵀ[j, :] += op(B)[p, j] · A[p, :] over the stored rows p of A,
    /// so A is read row by row, contiguously, once; Cᵀ (n×m) stays in L1/L2.
    /// </summary>
    private static void OuterProducts(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        var width = new TailLayout(m, wide ? 16 : 8);
        float[] rental = ArrayPool<float>.Shared.Rent(n * width.Stride);
        try
        {
            // Each row of Cᵀ ends in a tail window holding the full sums of columns m-width .. m.
            var transposed = rental.AsSpan(0, n * width.Stride);
            transposed.Clear();
            fixed (float* aPtr = a, bPtr = b, ct = transposed)
            {
                int p = 0;
                for (; p + 4 <= k; p += 4)
                {
                    float* a0 = aPtr + (long)p * m;
                    for (int j = 0; j < n; j++)
                    {
                        float* row = ct + (long)j * width.Stride;
                        float s0 = OpB(bPtr, transB, n, k, p, j), s1 = OpB(bPtr, transB, n, k, p + 1, j);
                        float s2 = OpB(bPtr, transB, n, k, p + 2, j), s3 = OpB(bPtr, transB, n, k, p + 3, j);
                        if (wide) GemmSkinnyKernels.AddOuter4x512(row, width.Stride, a0, m, s0, s1, s2, s3);
                        else GemmSkinnyKernels.AddOuter4x256(row, width.Stride, a0, m, s0, s1, s2, s3);
                    }
                }
                // The last k mod 4 rows of A, one at a time.
                for (; p < k; p++)
                {
                    var rowA = new ReadOnlySpan<float>(aPtr + (long)p * m, m);
                    for (int j = 0; j < n; j++)
                    {
                        var row = new Span<float>(ct + (long)j * width.Stride, width.Stride);
                        float s = OpB(bPtr, transB, n, k, p, j);
                        GemmDirect.AddScaled(s, rowA[..width.Whole], row[..width.Whole]);
                        if (width.Stride > width.Whole)
                            GemmDirect.AddScaled(s, rowA[(m - width.Width)..], row[width.Whole..]);
                    }
                }
            }
            for (int i = 0; i < m; i++)
            {
                int slot = width.Slot(i);
                var rowC = c.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    float value = transposed[j * width.Stride + slot];
                    rowC[j] = accumulate ? rowC[j] + value : value;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rental);
        }
    }

    /// <summary>op(B)[p, j], B stored k×n (or n×k when transposed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float OpB(float* b, bool transB, int n, int k, int p, int j) =>
        transB ? b[(long)j * k + p] : b[(long)p * n + j];
}
