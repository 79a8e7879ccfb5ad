using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// (<see cref="GemmSkinnyKernels.Dot4x4Wide"/>), register-blocked over rows and columns.</item>
/// <item>A transposed (stored k×m): Cᵀ (n×m) accumulates outer products of op(B)'s row p with
/// A's stored row p, a tile of up to 8 rows of Cᵀ by two vectors held in registers over a run of
/// rows p (<see cref="GemmSkinnyOuterKernels.AddOuter8Wide"/>), and is written transposed into C at the end.</item>
/// </list>
/// Both read rows of A in whole vectors, the last one overlapping its neighbour; the scratch layout
/// makes the overlapped lanes count once (see <see cref="GemmSkinnyLayout"/>), so there is no scalar
/// loop. The outer products read aligned where the rows allow (which lanes hold which column does not
/// change any sum); the dot products do not, because there the alignment would decide which products
/// are added together, and results would depend on where A lies in memory.
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

    // Cache budget (1 MB L2 per core on the Zen 4 this was tuned on): a band of rows of A kept in
    // L2 while every column group passes over it.
    private const int BandBytes = 128 * 1024;

    /// <summary>
    /// Rows of A per run of the outer products: a strip's stretch of a run (8 KB of Vector512
    /// strips) stays in L1 while every group of rows of Cᵀ reads it (measured: 48 to 64 best, 128 8 % slower, 256 15 %).
    /// </summary>
    private const int RunRows = 64;

    /// <summary>Whether <see cref="Multiply"/> takes this shape (n = 1 stays on the direct path).</summary>
    public static bool Fits(int m, int n, int k) =>
        n is >= 2 and <= MaxColumns && m >= MinRowsAndDepth && k >= MinRowsAndDepth;

    /// <param name="wide">Vector512 kernels (else Vector256); tests choose, so both are checked.</param>
    public static void Multiply(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        // The kernels read through pointers: a buffer too small must fail here, not read past its end.
        Gemm.Validate(a.Length, b.Length, c.Length, m, n, k);
        if (!Fits(m, n, k))
            throw new ArgumentException($"gemm: {m}×{n}×{k} is not a skinny product (2 ≤ n ≤ {MaxColumns}, m and k ≥ {MinRowsAndDepth})");
        if (transA)
            OuterProducts(a, b, transB, c, m, n, k, accumulate, wide);
        else
            DotProducts(a, b, transB, c, m, n, k, accumulate, wide);
    }

    /// <summary>C = A·op(B), A m×k: each C[i, j] is a dot product of row i of A with row j of op(B)ᵀ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotProducts(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        fixed (float* aPtr = a)
            DotProducts(aPtr, b, transB, c, m, n, k, accumulate, wide);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotProducts(float* aPtr, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        // Not aligned to A's address: which products share a lane (and so the rounding of each dot
        // product) would then depend on where A lies, and identical runs would differ in the last bits.
        var depth = new GemmSkinnyLayout(k, wide ? Vector512<float>.Count : Vector256<float>.Count, Head: 0);
        // Columns in groups of four, the last group two wide when one or two columns remain.
        int paddedColumns = n % 4 is 1 or 2 ? n - n % 4 + 2 : (n + 3) / 4 * 4;
        float* scratch = AllocateAligned(paddedColumns * depth.Stride);
        try
        {
            // op(B)ᵀ, padded with zero rows to whole column groups; the lanes of a vector whose
            // values another vector owns are zero, so the overlapping reads of A add nothing twice.
            var transposed = new Span<float>(scratch, paddedColumns * depth.Stride);
            transposed.Clear();
            int* offsets = stackalloc int[depth.Count];
            for (int vector = 0; vector < depth.Count; vector++)
            {
                offsets[vector] = depth.Offset(vector);
                for (int p = depth.OwnStart(vector); p < depth.OwnEnd(vector); p++)
                {
                    int slot = vector * depth.Width + p - offsets[vector];
                    for (int j = 0; j < n; j++)
                        transposed[j * depth.Stride + slot] = transB ? b[j * k + p] : b[p * n + j];
                }
            }

            float* sums = stackalloc float[4 * 4];
            int rows = wide ? GemmSkinnyKernels.DotRowsWide : GemmSkinnyKernels.DotRows;
            // op(B)ᵀ (n×k) does not fit in L1 beside the rows of A, so each column group runs over
            // a band of rows that stays in L2: its rows of op(B)ᵀ stay in L1, and A comes from
            // memory once, fetched while the band before it is computed.
            int band = Math.Max(rows, BandBytes / (k * sizeof(float)) / rows * rows);
            fixed (float* cPtr = c)
            {
                for (int bandStart = 0; bandStart < m; bandStart += band)
                {
                    int bandEnd = Math.Min(bandStart + band, m);
                    // Each call fetches a row group's worth (as many lines per vector step as it has
                    // rows) of the next band into L2, until all of it is asked for: during the first
                    // column group's pass, which alone would wait on memory (into L1, or spread
                    // over all the passes, measured slower).
                    float* nextBand = aPtr + (long)bandEnd * k;
                    long nextBandLength = (long)(Math.Min(bandEnd + band, m) - bandEnd) * k, fetched = 0;
                    for (int column = 0; column < n; column += 4)
                    {
                        float* columns = scratch + (long)column * depth.Stride;
                        int groupWidth = Math.Min(4, paddedColumns - column);
                        for (int row = bandStart; row < bandEnd; row += rows)
                        {
                            // The last group ends at row m, overlapping the previous one; only its new rows are stored.
                            int first = Math.Min(row, m - rows);
                            float* ahead = null;
                            if (fetched < nextBandLength)
                            {
                                ahead = nextBand + fetched;
                                fetched += (long)rows * depth.Stride;
                            }
                            float* rowsOfA = aPtr + (long)first * k;
                            if (wide && groupWidth == 4) GemmSkinnyKernels.Dot4x4Wide(rowsOfA, k, offsets, columns, depth.Stride, sums, ahead);
                            else if (wide) GemmSkinnyKernels.Dot4x2Wide(rowsOfA, k, offsets, columns, depth.Stride, sums, ahead);
                            else if (groupWidth == 4) GemmSkinnyKernels.Dot2x4(rowsOfA, k, offsets, columns, depth.Stride, sums, ahead);
                            else GemmSkinnyKernels.Dot2x2(rowsOfA, k, offsets, columns, depth.Stride, sums, ahead);
                            StoreBlock(sums, groupWidth, cPtr, n, first, row - first, rows, column, accumulate);
                        }
                    }
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(scratch);
        }
    }

    /// <summary>Rows <paramref name="skip"/>.. of a block of sums (four slots per row) into C, columns below n only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBlock(float* sums, int groupWidth, float* c, int n, int firstRow, int skip, int rows, int firstColumn, bool accumulate)
    {
        int columns = Math.Min(groupWidth, n - firstColumn);
        for (int r = skip; r < rows; r++)
        {
            float* destination = c + (long)(firstRow + r) * n + firstColumn;
            float* source = sums + r * 4;
            for (int j = 0; j < columns; j++)
                destination[j] = accumulate ? destination[j] + source[j] : source[j];
        }
    }

    /// <summary>
    /// C = Aᵀ·op(B), A stored k×m: Cᵀ[j, :] += op(B)[p, j] · A[p, :] over the stored rows p of A.
    /// A is read once, in runs of <see cref="RunRows"/> rows, each run strip by strip (two vectors
    /// of columns); over a strip, each group of rows of Cᵀ stays in registers for the whole run, and
    /// the groups after the first find the strip's stretch of the run in L1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterProducts(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        fixed (float* aPtr = a)
            OuterProducts(aPtr, b, transB, c, m, n, k, accumulate, wide);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterProducts(float* aPtr, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, bool wide)
    {
        int vectorWidth = wide ? Vector512<float>.Count : Vector256<float>.Count, stripWidth = 2 * vectorWidth;
        var width = GemmSkinnyLayout.For(m, vectorWidth, aPtr);
        // Every vector of a row of Cᵀ holds the full sums of the columns it reads; an odd count of
        // vectors gets one more, repeating the last, never read back.
        int ctStride = (width.Stride + stripWidth - 1) / stripWidth * stripWidth;
        // Rows of Cᵀ go in groups of an even size; an odd n gets a padding row (weights zero).
        int paddedRows = n + n % 2;
        int groupRows = wide ? GemmSkinnyOuterKernels.GroupRowsWide : GemmSkinnyOuterKernels.GroupRows;
        float* scratch = AllocateAligned(paddedRows * ctStride + k * paddedRows);
        try
        {
            var transposed = new Span<float>(scratch, paddedRows * ctStride);
            transposed.Clear();
            fixed (float* bPtr = b)
            {
                // op(B) row by row, padded: the weights a row p of A is multiplied by, in group order.
                // B itself when it is stored so and needs no padding row.
                float* weights = bPtr;
                if (transB || n != paddedRows)
                {
                    weights = scratch + paddedRows * ctStride;
                    for (int p = 0; p < k; p++)
                        for (int j = 0; j < paddedRows; j++)
                            weights[(long)p * paddedRows + j] = j < n ? OpB(bPtr, transB, n, k, p, j) : 0f;
                }
                for (int run = 0; run < k; run += RunRows)
                {
                    int depth = Math.Min(RunRows, k - run);
                    float* rowsOfA = aPtr + (long)run * m;
                    for (int q = 0; q < ctStride; q += stripWidth)
                    {
                        float* a0 = rowsOfA + width.Offset(q / vectorWidth);
                        float* a1 = rowsOfA + width.Offset(q / vectorWidth + 1);
                        for (int j = 0; j < paddedRows;)
                        {
                            float* tile = scratch + (long)j * ctStride + q;
                            float* w = weights + (long)run * paddedRows + j;
                            bool whole = paddedRows - j >= groupRows;
                            // The first group of each strip fetches the next strip.
                            float* ahead = j == 0 && q + stripWidth < ctStride ? rowsOfA + width.Offset(q / vectorWidth + 2) : null;
                            if (wide && whole) GemmSkinnyOuterKernels.AddOuter8Wide(tile, ctStride, a0, a1, m, w, paddedRows, depth, ahead);
                            else if (wide) GemmSkinnyOuterKernels.AddOuter2Wide(tile, ctStride, a0, a1, m, w, paddedRows, depth, ahead);
                            else if (whole) GemmSkinnyOuterKernels.AddOuter4(tile, ctStride, a0, a1, m, w, paddedRows, depth, ahead);
                            else GemmSkinnyOuterKernels.AddOuter2(tile, ctStride, a0, a1, m, w, paddedRows, depth, ahead);
                            j += whole ? groupRows : 2;
                        }
                    }
                }
            }
            for (int i = 0; i < m; i++)
            {
                int slot = width.Slot(i);
                var rowC = c.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    float value = transposed[j * ctStride + slot];
                    rowC[j] = accumulate ? rowC[j] + value : value;
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(scratch);
        }
    }

    /// <summary>
    /// Scratch on a cache-line boundary, so that (its rows being whole vectors long) no vector
    /// read from it straddles two lines: Vector512 reads of unaligned scratch cost about a third more.
    /// </summary>
    private static float* AllocateAligned(int count) => (float*)NativeMemory.AlignedAlloc((nuint)count * sizeof(float), 64);

    /// <summary>op(B)[p, j], B stored k×n (or n×k when transposed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float OpB(float* b, bool transB, int n, int k, int p, int j) =>
        transB ? b[(long)j * k + p] : b[(long)p * n + j];
}
