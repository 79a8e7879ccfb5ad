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
        // Indices are bounded by the tile loops, so the element copies skip bounds checks.
        ref float source = ref MemoryMarshal.GetReference(x.Span);
        ref float target = ref MemoryMarshal.GetArrayDataReference(result);
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, cols);
                for (int i = i0; i < i1; i++)
                {
                    ref float row = ref Unsafe.Add(ref source, (nint)i * cols);
                    for (int j = j0; j < j1; j++)
                        Unsafe.Add(ref target, (nint)j * rows + i) = Unsafe.Add(ref row, j);
                }
            }
        }
        return Tensor.Wrap(result, [cols, rows]);
    }
}
