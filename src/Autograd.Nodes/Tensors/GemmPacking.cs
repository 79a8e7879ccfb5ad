using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Autograd.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layout the micro-kernel reads, so that the
/// kernel sees one contiguous, unit-stride layout whatever the transposition of the operands.
/// Panels are padded with zeros to full tile size: a partial tile then computes the same sums
/// as a full one, and the padding contributes nothing.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[rowStart .. rowStart+rows, depthStart .. depthStart+depth] as panels of
    /// <paramref name="panelRows"/> rows; panel <c>q</c> starts at <c>q * panelRows * depth</c>
    /// and holds, for each step p, the panel's <paramref name="panelRows"/> values of column p.
    /// </summary>
    /// <param name="a">A as stored: m×k, or k×m when <paramref name="transA"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, bool transA, int m, int k, int rowStart, int rows,
        int depthStart, int depth, int panelRows, float* packed)
    {
        for (int panel = 0; panel < rows; panel += panelRows)
        {
            int valid = Math.Min(panelRows, rows - panel);
            float* dst = packed + (long)panel * depth;
            int firstRow = rowStart + panel;
            if (valid == PanelRows12 && panelRows == PanelRows12 && Avx.IsSupported)
            {
                // Full 12-row panels (the Vector512 kernel's) with SIMD: packing A element by
                // element cost ~20% of an MLP-shaped product (n = 256 reuses each packed value
                // only n times), as much as OpenBLAS's whole lead on it.
                if (transA) PackStepsContiguous12(a + (long)depthStart * m + firstRow, m, depth, dst);
                else PackRowsTransposed12(a + (long)firstRow * k + depthStart, k, depth, dst);
            }
            else if (transA)
            {
                // Column i of the stored k×m matrix is row i of op(A): a step's values are contiguous.
                for (int p = 0; p < depth; p++)
                {
                    float* src = a + (long)(depthStart + p) * m + firstRow;
                    float* d = dst + p * panelRows;
                    for (int r = 0; r < valid; r++) d[r] = src[r];
                    for (int r = valid; r < panelRows; r++) d[r] = 0f;
                }
            }
            else
            {
                for (int r = 0; r < valid; r++)
                {
                    float* src = a + (long)(firstRow + r) * k + depthStart;
                    for (int p = 0; p < depth; p++) dst[p * panelRows + r] = src[p];
                }
                for (int r = valid; r < panelRows; r++)
                    for (int p = 0; p < depth; p++) dst[p * panelRows + r] = 0f;
            }
        }
    }

    private const int PanelRows12 = 12;

    /// <summary>A 12-row panel when op(A)'s rows are stored as columns: each step's 12 values are contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackStepsContiguous12(float* src, int stride, int depth, float* dst)
    {
        for (int p = 0; p < depth; p++, src += stride, dst += PanelRows12)
        {
            Vector256.Store(Vector256.Load(src), dst);
            Vector128.Store(Vector128.Load(src + 8), dst + 8);
        }
    }

    /// <summary>
    /// A 12-row panel from 12 stored rows (stride <paramref name="stride"/>): eight steps at a
    /// time, rows 0-7 as an 8×8 transpose and rows 8-11 as a 4×8 one; the last depth % 8 steps
    /// element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRowsTransposed12(float* src, int stride, int depth, float* dst)
    {
        int p = 0;
        for (; p + 8 <= depth; p += 8)
        {
            float* s = src + p;
            float* d = dst + p * PanelRows12;
            var (o0, o1, o2, o3, o4, o5, o6, o7) = Transpose8x8(
                Avx.LoadVector256(s), Avx.LoadVector256(s + stride), Avx.LoadVector256(s + 2 * stride), Avx.LoadVector256(s + 3 * stride),
                Avx.LoadVector256(s + 4 * stride), Avx.LoadVector256(s + 5 * stride), Avx.LoadVector256(s + 6 * stride), Avx.LoadVector256(s + 7 * stride));
            Avx.Store(d + 0 * PanelRows12, o0); Avx.Store(d + 1 * PanelRows12, o1);
            Avx.Store(d + 2 * PanelRows12, o2); Avx.Store(d + 3 * PanelRows12, o3);
            Avx.Store(d + 4 * PanelRows12, o4); Avx.Store(d + 5 * PanelRows12, o5);
            Avx.Store(d + 6 * PanelRows12, o6); Avx.Store(d + 7 * PanelRows12, o7);

            // Rows 8-11: after the two shuffle stages, lane half h of q_j holds step j + 4h.
            Vector256<float> r8 = Avx.LoadVector256(s + 8 * stride), r9 = Avx.LoadVector256(s + 9 * stride),
                             r10 = Avx.LoadVector256(s + 10 * stride), r11 = Avx.LoadVector256(s + 11 * stride);
            Vector256<float> t0 = Avx.UnpackLow(r8, r9), t1 = Avx.UnpackHigh(r8, r9),
                             t2 = Avx.UnpackLow(r10, r11), t3 = Avx.UnpackHigh(r10, r11);
            Vector256<float> q0 = Avx.Shuffle(t0, t2, 0x44), q1 = Avx.Shuffle(t0, t2, 0xEE),
                             q2 = Avx.Shuffle(t1, t3, 0x44), q3 = Avx.Shuffle(t1, t3, 0xEE);
            float* d8 = d + 8;
            Sse.Store(d8 + 0 * PanelRows12, q0.GetLower()); Sse.Store(d8 + 1 * PanelRows12, q1.GetLower());
            Sse.Store(d8 + 2 * PanelRows12, q2.GetLower()); Sse.Store(d8 + 3 * PanelRows12, q3.GetLower());
            Sse.Store(d8 + 4 * PanelRows12, q0.GetUpper()); Sse.Store(d8 + 5 * PanelRows12, q1.GetUpper());
            Sse.Store(d8 + 6 * PanelRows12, q2.GetUpper()); Sse.Store(d8 + 7 * PanelRows12, q3.GetUpper());
        }
        for (; p < depth; p++)
            for (int r = 0; r < PanelRows12; r++)
                dst[p * PanelRows12 + r] = src[(long)r * stride + p];
    }

    private const int PanelColumns32 = 32;

    /// <summary>
    /// A 32-column panel from 32 stored rows (stride <paramref name="stride"/>), each row one
    /// column of op(B): eight steps at a time, four 8×8 transposes; the last depth % 8 steps
    /// element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackColumnsTransposed32(float* src, int stride, int depth, float* dst)
    {
        int p = 0;
        for (; p + 8 <= depth; p += 8)
        {
            for (int group = 0; group < PanelColumns32; group += 8)
            {
                float* s = src + (long)group * stride + p;
                float* d = dst + p * PanelColumns32 + group;
                var (o0, o1, o2, o3, o4, o5, o6, o7) = Transpose8x8(
                    Avx.LoadVector256(s), Avx.LoadVector256(s + stride), Avx.LoadVector256(s + 2 * stride), Avx.LoadVector256(s + 3 * stride),
                    Avx.LoadVector256(s + 4 * stride), Avx.LoadVector256(s + 5 * stride), Avx.LoadVector256(s + 6 * stride), Avx.LoadVector256(s + 7 * stride));
                Avx.Store(d + 0 * PanelColumns32, o0); Avx.Store(d + 1 * PanelColumns32, o1);
                Avx.Store(d + 2 * PanelColumns32, o2); Avx.Store(d + 3 * PanelColumns32, o3);
                Avx.Store(d + 4 * PanelColumns32, o4); Avx.Store(d + 5 * PanelColumns32, o5);
                Avx.Store(d + 6 * PanelColumns32, o6); Avx.Store(d + 7 * PanelColumns32, o7);
            }
        }
        for (; p < depth; p++)
            for (int j = 0; j < PanelColumns32; j++)
                dst[p * PanelColumns32 + j] = src[(long)j * stride + p];
    }

    /// <summary>The classic AVX 8×8 transpose: unpack pairs, shuffle quads, swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>,
        Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7)
    {
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> q0 = Avx.Shuffle(t0, t2, 0x44), q1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> q2 = Avx.Shuffle(t1, t3, 0x44), q3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> q4 = Avx.Shuffle(t4, t6, 0x44), q5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> q6 = Avx.Shuffle(t5, t7, 0x44), q7 = Avx.Shuffle(t5, t7, 0xEE);
        return (Avx.Permute2x128(q0, q4, 0x20), Avx.Permute2x128(q1, q5, 0x20),
                Avx.Permute2x128(q2, q6, 0x20), Avx.Permute2x128(q3, q7, 0x20),
                Avx.Permute2x128(q0, q4, 0x31), Avx.Permute2x128(q1, q5, 0x31),
                Avx.Permute2x128(q2, q6, 0x31), Avx.Permute2x128(q3, q7, 0x31));
    }

    /// <summary>
    /// Packs op(B)[depthStart .. depthStart+depth, columnStart .. columnStart+columns] as panels of
    /// <paramref name="panelColumns"/> columns; panel <c>q</c> starts at <c>q * panelColumns * depth</c>
    /// and holds, for each step p, the panel's <paramref name="panelColumns"/> values of row p.
    /// </summary>
    /// <param name="b">B as stored: k×n, or n×k when <paramref name="transB"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, bool transB, int k, int n, int depthStart, int depth,
        int columnStart, int columns, int panelColumns, float* packed)
    {
        for (int panel = 0; panel < columns; panel += panelColumns)
        {
            int valid = Math.Min(panelColumns, columns - panel);
            float* dst = packed + (long)panel * depth;
            int firstColumn = columnStart + panel;
            if (transB && valid == PanelColumns32 && panelColumns == PanelColumns32 && Avx.IsSupported)
            {
                // Full 32-column panels (the Vector512 kernel's) with SIMD, as 8×8 transposes:
                // a narrow product computed transposed (see Gemm) packs its tall operand here.
                PackColumnsTransposed32(b + (long)firstColumn * k + depthStart, k, depth, dst);
            }
            else if (transB)
            {
                // Row j of the stored n×k matrix is column j of op(B): read it along its length.
                for (int j = 0; j < valid; j++)
                {
                    float* src = b + (long)(firstColumn + j) * k + depthStart;
                    for (int p = 0; p < depth; p++) dst[p * panelColumns + j] = src[p];
                }
                for (int j = valid; j < panelColumns; j++)
                    for (int p = 0; p < depth; p++) dst[p * panelColumns + j] = 0f;
            }
            else
            {
                for (int p = 0; p < depth; p++)
                {
                    var src = new ReadOnlySpan<float>(b + (long)(depthStart + p) * n + firstColumn, valid);
                    var d = new Span<float>(dst + p * panelColumns, panelColumns);
                    src.CopyTo(d);
                    d[valid..].Clear();
                }
            }
        }
    }
}
