using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public unsafe class GemmPackingTests
{
    /// <summary>
    /// Rows and depths around the SIMD paths' edges: full 12-row panels and a partial one, depths
    /// with and without a remainder after the eight-step transposes, and a block that starts inside
    /// the matrix (so the strides differ from the block's size).
    /// </summary>
    public static TheoryData<bool, int, int, int, int, int, int, int> Cases()
    {
        var data = new TheoryData<bool, int, int, int, int, int, int, int>();
        foreach (bool transA in new[] { false, true })
        {
            foreach (int panelRows in new[] { 12, 6 })
            {
                data.Add(transA, 24, 16, 0, 24, 0, 16, panelRows);
                data.Add(transA, 29, 21, 0, 29, 0, 21, panelRows);
                data.Add(transA, 50, 45, 13, 36, 7, 27, panelRows);
                data.Add(transA, 12, 3, 0, 12, 0, 3, panelRows);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PackA_must_lay_out_each_step_of_each_panel_as_the_naive_copy_with_zero_padding(
        bool transA, int m, int k, int rowStart, int rows, int depthStart, int depth, int panelRows)
    {
        var random = new Random(m * 31 + k);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble() + 0.5f).ToArray();
        int panels = (rows + panelRows - 1) / panelRows;
        var packed = new float[panels * panelRows * depth];
        Array.Fill(packed, float.NaN);   // anything the packer does not write shows as NaN

        fixed (float* aPtr = a, packedPtr = packed)
            GemmPacking.PackA(aPtr, transA, m, k, rowStart, rows, depthStart, depth, panelRows, packedPtr);

        for (int panel = 0; panel < panels; panel++)
            for (int p = 0; p < depth; p++)
                for (int r = 0; r < panelRows; r++)
                {
                    int row = panel * panelRows + r;
                    float expected = row >= rows ? 0f
                        : transA ? a[(depthStart + p) * m + rowStart + row] : a[(rowStart + row) * k + depthStart + p];
                    float actual = packed[panel * panelRows * depth + p * panelRows + r];
                    Assert.True(expected == actual,
                        $"panel {panel}, step {p}, row {r}: expected {expected}, got {actual} (transA={transA}, {m}x{k}, panel rows {panelRows})");
                }
    }

    /// <summary>Transposed B: full 32-column panels and a partial one, depths with and without a remainder after eight steps.</summary>
    [Theory]
    [InlineData(64, 16, 0, 64, 0, 16, 32)]
    [InlineData(70, 21, 0, 70, 0, 21, 32)]
    [InlineData(90, 45, 5, 80, 7, 27, 32)]
    [InlineData(40, 19, 0, 40, 0, 19, 16)]
    public void PackB_of_a_transposed_B_must_lay_out_each_step_of_each_panel_as_the_naive_copy_with_zero_padding(
        int n, int k, int columnStart, int columns, int depthStart, int depth, int panelColumns)
    {
        var random = new Random(n * 31 + k);
        float[] b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble() + 0.5f).ToArray();   // stored n×k
        int panels = (columns + panelColumns - 1) / panelColumns;
        var packed = new float[panels * panelColumns * depth];
        Array.Fill(packed, float.NaN);

        fixed (float* bPtr = b, packedPtr = packed)
            GemmPacking.PackB(bPtr, transB: true, k, n, depthStart, depth, columnStart, columns, panelColumns, packedPtr);

        for (int panel = 0; panel < panels; panel++)
            for (int p = 0; p < depth; p++)
                for (int j = 0; j < panelColumns; j++)
                {
                    int column = panel * panelColumns + j;
                    float expected = column >= columns ? 0f : b[(columnStart + column) * k + depthStart + p];
                    float actual = packed[panel * panelColumns * depth + p * panelColumns + j];
                    Assert.True(expected == actual,
                        $"panel {panel}, step {p}, column {j}: expected {expected}, got {actual} ({n}x{k}, panel columns {panelColumns})");
                }
    }
}
