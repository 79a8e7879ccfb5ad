using System.Runtime.Intrinsics;
using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class GemmSkinnyTests
{
    /// <summary>
    /// An MLP's logits and weight gradient, then tails: m not a multiple of the row group, k and m
    /// not multiples of 16 or 8 (each end read by an overlapping vector), k not a multiple of 4,
    /// odd n (a padding column or row), and m long enough for several blocks of Cᵀ when transposed.
    /// </summary>
    private static readonly (int M, int N, int K)[] Sizes =
        [(4096, 10, 784), (785, 10, 4096), (33, 2, 67), (33, 7, 67), (33, 16, 67), (35, 5, 33),
         (37, 13, 41), (32, 3, 32), (64, 8, 64), (47, 11, 100), (100, 4, 47), (2100, 16, 40), (3001, 9, 33)];

    public static TheoryData<string, int, int, int, bool, bool, bool> Cases() => GemmReference.PerKernel(Sizes);

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_skinny_product_must_match_the_reference_including_every_tail(string kernel, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        bool wide = kernel == "Vector512";
        GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => GemmSkinny.Multiply(a, ta, b, tb, c, m, n, k, acc, wide),
            m, n, k, transA, transB, accumulate);
    }

    /// <summary>
    /// Rows of A a whole number of vectors long are read aligned from wherever the first one starts:
    /// every start within a 64-byte line (every head length), both kernel widths, both directions.
    /// </summary>
    [Theory]
    [InlineData(false), InlineData(true)]
    public void A_skinny_product_must_match_the_reference_wherever_A_starts_within_a_cache_line(bool wide)
    {
        if (wide ? !Vector512.IsHardwareAccelerated : !Vector256.IsHardwareAccelerated)
            return;
        for (int start = 0; start < 16; start++)
            foreach (bool transA in new[] { false, true })
            {
                int offset = start;
                GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) =>
                    {
                        // A pinned copy of A at a known distance from a line boundary.
                        var buffer = GC.AllocateArray<float>(a.Length + 32, pinned: true);
                        int shift = ((int)(64 - AddressOf(buffer) % 64) % 64 / sizeof(float) + offset) % 16;
                        a.CopyTo(buffer, shift);
                        GemmSkinny.Multiply(buffer.AsSpan(shift, a.Length), ta, b, tb, c, m, n, k, acc, wide);
                    },
                    48, 10, 64, transA, transB: false, accumulate: true);
            }
    }

    [Fact]
    public void A_layout_with_a_head_must_give_every_value_a_slot_in_a_vector_that_reads_it()
    {
        foreach (var layout in new[] { new GemmSkinnyLayout(64, 16, 5), new GemmSkinnyLayout(70, 16, 0), new GemmSkinnyLayout(70, 8, 3) })
        {
            var slots = new HashSet<int>();
            for (int i = 0; i < layout.Length; i++)
            {
                int slot = layout.Slot(i), vector = slot / layout.Width;
                Assert.True(vector < layout.Count, $"{layout}: value {i} in slot {slot}, past the last vector");
                Assert.Equal(i, layout.Offset(vector) + slot % layout.Width);
                Assert.True(slots.Add(slot), $"{layout}: slot {slot} given twice");
            }
            Assert.Equal(layout.Length - layout.Width, layout.Offset(layout.Count - 1));
            if (layout.Head > 0)
                Assert.Equal(layout.Head, layout.Offset(1));
        }
    }

    private static unsafe long AddressOf(float[] pinned)
    {
        fixed (float* p = pinned)
            return (long)p;
    }

    [Theory]
    [InlineData(2), InlineData(3), InlineData(9), InlineData(10), InlineData(15), InlineData(16)]
    public void Every_column_count_up_to_sixteen_must_match_the_reference_through_Multiply(int n)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool accumulate in new[] { false, true })
                GemmReference.AssertMatches((a, ta, b, tb, c, m, n, k, acc) => Gemm.Multiply(a, ta, b, tb, c, m, n, k, acc),
                    67, n, 45, transA, transB: false, accumulate);
    }

    [Fact]
    public void Only_products_with_two_to_sixteen_columns_and_enough_rows_and_depth_must_count_as_skinny()
    {
        Assert.True(GemmSkinny.Fits(4096, 10, 784));
        Assert.True(GemmSkinny.Fits(784, 10, 4096));
        Assert.True(GemmSkinny.Fits(32, 16, 32));
        Assert.False(GemmSkinny.Fits(4096, 1, 784));     // a matrix-vector product: the direct path
        Assert.False(GemmSkinny.Fits(4096, 17, 784));
        Assert.False(GemmSkinny.Fits(31, 10, 784));      // a vector's overlapping read needs a full row
        Assert.False(GemmSkinny.Fits(4096, 10, 31));
    }

    [Fact]
    public void A_shape_that_is_not_skinny_must_be_rejected_with_its_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            GemmSkinny.Multiply(new float[20 * 40], false, new float[40 * 20], false, new float[400], 20, 20, 40, false, wide: false));
        Assert.Contains("20×20×40", e.Message);
    }

    [Fact]
    public void A_buffer_too_small_for_a_skinny_shape_must_be_rejected_before_any_pointer_is_read()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            GemmSkinny.Multiply(new float[64 * 64 - 1], false, new float[64 * 10], false, new float[640], 64, 10, 64, false, wide: false));
        Assert.Contains("A has 4095 elements", e.Message);
    }
}
