using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class GemmTests
{
    private static readonly (int M, int N, int K)[] Sizes =
        [(1, 1, 1), (7, 13, 5), (129, 257, 65), (64, 64, 64), (1, 300, 1), (300, 1, 300)];

    public static TheoryData<int, int, int, bool, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool, bool>();
        foreach (var (m, n, k) in Sizes)
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    foreach (bool accumulate in new[] { false, true })
                        data.Add(m, n, k, transA, transB, accumulate);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Multiply_must_match_a_double_precision_reference(int m, int n, int k, bool transA, bool transB, bool accumulate) =>
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.Multiply(a, ta, b, tb, c, m, n, k, acc),
            m, n, k, transA, transB, accumulate);

    /// <summary>The cases once per micro-kernel this CPU can run, so both are checked where possible.</summary>
    public static TheoryData<string, int, int, int, bool, bool, bool> KernelCases() => GemmReference.PerKernel(Sizes);

    [Theory]
    [MemberData(nameof(KernelCases))]
    public void Packed_kernel_must_match_the_reference_on_every_size_including_partial_tiles(string kernel, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        bool wide = kernel == "Vector512";
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => GemmBlocked.Multiply(a, ta, b, tb, c, m, n, k, acc, GemmBlocking.Default, wide),
            m, n, k, transA, transB, accumulate);
    }

    [Theory]
    [MemberData(nameof(KernelCases))]
    public void Packed_kernel_must_match_the_reference_when_blocks_split_every_dimension(string kernel, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        bool wide = kernel == "Vector512";
        // Blocks smaller than the matrices and not multiples of the tile, so every loop runs
        // several times and ends on a partial block.
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => GemmBlocked.Multiply(a, ta, b, tb, c, m, n, k, acc, new GemmBlocking(17, 23, 40), wide),
            m, n, k, transA, transB, accumulate);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Direct_path_for_small_products_must_match_the_reference(int m, int n, int k, bool transA, bool transB, bool accumulate) =>
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.MultiplyDirect(a, ta, b, tb, c, m, n, k, acc),
            m, n, k, transA, transB, accumulate);

    /// <summary>Narrow products (fewer columns than half a tile), which Gemm computes transposed.</summary>
    private static readonly (int M, int N, int K)[] NarrowSizes = [(200, 10, 300), (77, 3, 9), (40, 15, 64)];

    public static TheoryData<string, int, int, int, bool, bool, bool> NarrowCases() => GemmReference.PerKernel(NarrowSizes);

    [Theory]
    [MemberData(nameof(NarrowCases))]
    public void A_narrow_product_computed_transposed_must_match_the_reference(string kernel, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        bool wide = kernel == "Vector512";
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.MultiplyTransposed(a, ta, b, tb, c, m, n, k, acc, GemmBlocking.Default, wide),
            m, n, k, transA, transB, accumulate);
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.MultiplyTransposed(a, ta, b, tb, c, m, n, k, acc, new GemmBlocking(17, 23, 40), wide),
            m, n, k, transA, transB, accumulate);
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.Multiply(a, ta, b, tb, c, m, n, k, acc),
            m, n, k, transA, transB, accumulate);
    }

    /// <summary>A few rows of C over a long, wide B (the weight gradient of a layer with a few outputs).</summary>
    public static TheoryData<int, int, int, bool, bool> FewRowsCases()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach (var (m, n, k) in new[] { (2, 100, 300), (3, 100, 300), (Gemm.FewRowsLimit, 37, 129), (3, 17, 2) })
            foreach (bool transA in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                    data.Add(m, n, k, transA, accumulate);
        return data;
    }

    [Theory]
    [MemberData(nameof(FewRowsCases))]
    public void A_product_with_a_few_rows_must_match_the_reference(int m, int n, int k, bool transA, bool accumulate)
    {
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.MultiplyFewRows(a, ta, b, c, m, n, k, acc),
            m, n, k, transA, false, accumulate);
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.Multiply(a, ta, b, tb, c, m, n, k, acc),
            m, n, k, transA, false, accumulate);
    }

    [Fact]
    public void Products_with_fewer_columns_than_half_a_tile_and_more_rows_must_count_as_narrow()
    {
        Assert.True(Gemm.IsNarrow(4096, 10, wide: true));    // an MLP's logits: 10 of 32 tile columns
        Assert.True(Gemm.IsNarrow(200, 3, wide: false));
        Assert.False(Gemm.IsNarrow(4096, 256, wide: true));
        Assert.False(Gemm.IsNarrow(10, 10, wide: true));     // transposing would not fill more of a tile
        Assert.False(Gemm.IsNarrow(200, 10, wide: false));   // 10 of 16 columns: not below half
    }

    [Fact]
    public void An_empty_inner_dimension_must_give_zeros_or_leave_an_accumulated_result_unchanged()
    {
        float[] c = [5f, 6f];
        Gemm.Multiply([], false, [], false, c, 2, 1, 0, accumulate: true);
        Assert.Equal([5f, 6f], c);
        Gemm.Multiply([], false, [], false, c, 2, 1, 0);
        Assert.Equal([0f, 0f], c);
    }

    [Fact]
    public void A_buffer_too_small_for_its_shape_must_be_rejected_with_the_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], false, new float[12], false, new float[8], 2, 4, 3));
        Assert.Contains("A has 5 elements", e.Message);
        Assert.Contains("2×3", e.Message);
    }
}
