using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

/// <summary>
/// Cache blocking of <see cref="Gemm"/>: <see cref="RowBlock"/> rows of A by <see cref="DepthBlock"/>
/// steps are packed to stay in L2 (96 × 512 floats = 192 KB of the 1 MB); each packed B micro-panel
/// (<see cref="DepthBlock"/> × 32 floats = 64 KB) is reused from L1/L2 by every tile of that block;
/// <see cref="ColumnBlock"/> bounds the packed B panel (2 MB, in L3).
/// </summary>
internal readonly record struct GemmBlocking(int RowBlock, int DepthBlock, int ColumnBlock)
{
    /// <summary>
    /// Chosen with `kernels blocking` on 1024³ (Zen 4 class, 32 KB L1d, 1 MB L2 per core): depth
    /// 384–512 was best (fewer passes over C), row and column blocks mattered little.
    /// </summary>
    public static readonly GemmBlocking Default = new(RowBlock: 96, DepthBlock: 512, ColumnBlock: 1024);
}

/// <summary>The packed, blocked loop nest around <see cref="GemmMicroKernel"/> (the BLIS order).</summary>
internal static unsafe class GemmBlocked
{
    private const int AlignmentFloats = 16; // 64 bytes: one cache line, one Vector512

    /// <param name="wide">
    /// Use the Vector512 micro-kernel (the default when the hardware accelerates it) rather than
    /// the Vector256 one; tests choose explicitly so that both kernels are checked on one machine.
    /// </param>
    public static void Multiply(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate, GemmBlocking blocking, bool wide)
    {
        int tileRows = wide ? GemmMicroKernel.Rows512 : GemmMicroKernel.Rows256;
        int tileColumns = wide ? GemmMicroKernel.Columns512 : GemmMicroKernel.Columns256;

        int depthBlock = Math.Min(blocking.DepthBlock, k);
        int rowBlock = RoundUp(Math.Min(blocking.RowBlock, m), tileRows);
        int columnBlock = RoundUp(Math.Min(blocking.ColumnBlock, n), tileColumns);

        float[] packedARental = ArrayPool<float>.Shared.Rent(rowBlock * depthBlock + AlignmentFloats);
        float[] packedBRental = ArrayPool<float>.Shared.Rent(columnBlock * depthBlock + AlignmentFloats);
        float* tile = stackalloc float[tileRows * tileColumns + AlignmentFloats];
        try
        {
            fixed (float* aPtr = a, bPtr = b, cPtr = c, packedARaw = packedARental, packedBRaw = packedBRental)
            {
                float* packedA = Align(packedARaw);
                float* packedB = Align(packedBRaw);
                float* scratch = Align(tile);
                for (int jc = 0; jc < n; jc += columnBlock)
                {
                    int columns = Math.Min(columnBlock, n - jc);
                    for (int pc = 0; pc < k; pc += depthBlock)
                    {
                        int depth = Math.Min(depthBlock, k - pc);
                        // The first depth block writes C (unless accumulating); later ones add to it.
                        bool overwrite = !accumulate && pc == 0;
                        GemmPacking.PackB(bPtr, transB, k, n, pc, depth, jc, columns, tileColumns, packedB);
                        for (int ic = 0; ic < m; ic += rowBlock)
                        {
                            int rows = Math.Min(rowBlock, m - ic);
                            GemmPacking.PackA(aPtr, transA, m, k, ic, rows, pc, depth, tileRows, packedA);
                            var block = new Block(packedA, packedB, cPtr + (long)ic * n + jc, n, rows, columns, depth, overwrite);
                            SweepBlock(block, scratch, wide);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedARental);
            ArrayPool<float>.Shared.Return(packedBRental);
        }
    }

    /// <summary>One packed A block against one packed B panel, writing a rows × columns block of C.</summary>
    private readonly struct Block(float* packedA, float* packedB, float* c, int ldc,
        int rows, int columns, int depth, bool overwrite)
    {
        public readonly float* PackedA = packedA;
        public readonly float* PackedB = packedB;
        public readonly float* C = c;
        public readonly int Ldc = ldc;
        public readonly int Rows = rows;
        public readonly int Columns = columns;
        public readonly int Depth = depth;
        public readonly bool Overwrite = overwrite;
    }

    /// <summary>
    /// Runs the micro-kernel over every tile of a block. The kernel is a function pointer: one
    /// indirect call per tile (a 12×32 tile is ~2·12·32·kc flops) costs nothing measurable, and
    /// both micro-kernels share this loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SweepBlock(in Block block, float* scratch, bool wide)
    {
        int tileRows = wide ? GemmMicroKernel.Rows512 : GemmMicroKernel.Rows256;
        int tileColumns = wide ? GemmMicroKernel.Columns512 : GemmMicroKernel.Columns256;
        delegate*<int, float*, float*, float*, int, bool, void> kernel =
            wide ? &GemmMicroKernel.Kernel512 : &GemmMicroKernel.Kernel256;
        for (int jr = 0; jr < block.Columns; jr += tileColumns)
        {
            float* panelB = block.PackedB + (long)jr * block.Depth;
            int columns = Math.Min(tileColumns, block.Columns - jr);
            for (int ir = 0; ir < block.Rows; ir += tileRows)
            {
                float* panelA = block.PackedA + (long)ir * block.Depth;
                float* c = block.C + (long)ir * block.Ldc + jr;
                int rows = Math.Min(tileRows, block.Rows - ir);
                if (rows == tileRows && columns == tileColumns)
                {
                    kernel(block.Depth, panelA, panelB, c, block.Ldc, block.Overwrite);
                }
                else
                {
                    // An edge tile: compute the whole tile into scratch, keep its valid corner.
                    kernel(block.Depth, panelA, panelB, scratch, tileColumns, true);
                    StorePartialTile(scratch, tileColumns, c, block.Ldc, rows, columns, block.Overwrite);
                }
            }
        }
    }

    /// <summary>Copies (or adds) the valid rows × columns corner of a scratch tile into C.</summary>
    private static void StorePartialTile(float* tile, int tileColumns, float* c, int ldc, int rows, int columns, bool overwrite)
    {
        for (int r = 0; r < rows; r++)
        {
            var source = new ReadOnlySpan<float>(tile + r * tileColumns, columns);
            var destination = new Span<float>(c + (long)r * ldc, columns);
            if (overwrite)
                source.CopyTo(destination);
            else
                TensorPrimitives.Add(destination, source, destination);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static float* Align(float* pointer) =>
        (float*)(((nint)pointer + (AlignmentFloats * sizeof(float) - 1)) & ~(nint)(AlignmentFloats * sizeof(float) - 1));
}
