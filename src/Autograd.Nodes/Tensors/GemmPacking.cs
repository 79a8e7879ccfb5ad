using System.Runtime.CompilerServices;

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
            if (transA)
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
            if (transB)
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
