using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Autograd.Tensors;

/// <summary>Transpose of a 2-D tensor, in square tiles so both the reads and the writes stay in cache.</summary>
public static class Transpose
{
    // 32×32 floats = 4 KB per tile on each side: both tiles fit in L1 together.
    private const int Tile = 32;

    public static Tensor Matrix(Tensor x)
    {
        if (x.Rank != 2)
            throw new ArgumentException($"transpose: expects a 2-D tensor, got shape {Tensor.ShapeText(x.Dims)} ({x.Rank}-D)");
        int rows = x.Dims[0], cols = x.Dims[1];
        var result = new float[rows * cols];
        Tiled(x.Span, result, rows, cols);
        return Tensor.Wrap(result, [cols, rows]);
    }

    /// <summary>
    /// <paramref name="target"/> (cols × rows) = the transpose of <paramref name="source"/> (rows × cols),
    /// tile by tile; also one matrix of a batch (permute's batched transposes).
    /// </summary>
    internal static void Tiled(ReadOnlySpan<float> source, Span<float> target, int rows, int cols)
    {
        if ((long)rows * cols > Math.Min(source.Length, target.Length))
            throw new ArgumentException($"transpose: spans of {source.Length} and {target.Length} elements cannot hold a {rows}×{cols} matrix");
        // Indices are bounded by the tile loops, so the element copies skip bounds checks.
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float into = ref MemoryMarshal.GetReference(target);
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, cols);
                for (int i = i0; i < i1; i++)
                {
                    ref float row = ref Unsafe.Add(ref from, (nint)i * cols);
                    for (int j = j0; j < j1; j++)
                        Unsafe.Add(ref into, (nint)j * rows + i) = Unsafe.Add(ref row, j);
                }
            }
        }
    }
}
