using System.Numerics.Tensors;
using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

/// <summary>
/// The same values give bit-identical results wherever their array lies in memory, so identical
/// training runs (and a run resumed from a checkpoint) stay identical: reductions (TensorPrimitives')
/// and the skinny dot products must not choose their summation order by address.
/// </summary>
public class AddressIndependenceTests
{
    private static float[] Values(int n, int seed) => Tensor.RandomNormal(seed, n).ToArray();

    /// <summary>The values copied to every float offset within a 64-byte line of a pinned buffer.</summary>
    private static IEnumerable<ArraySegment<float>> EveryPlacement(float[] values)
    {
        for (int offset = 0; offset < 16; offset++)
        {
            var buffer = GC.AllocateArray<float>(values.Length + 16, pinned: true);
            values.CopyTo(buffer, offset);
            yield return new ArraySegment<float>(buffer, offset, values.Length);
        }
    }

    [Theory]
    [InlineData(7), InlineData(100), InlineData(1000), InlineData(4099)]
    public void Sums_dots_and_sums_of_squares_do_not_depend_on_where_the_data_lies(int n)
    {
        var x = Values(n, 1);
        var y = Values(n, 2);
        float sum = TensorPrimitives.Sum(x), dot = TensorPrimitives.Dot(x, y), squares = TensorPrimitives.SumOfSquares(x);
        foreach (var placed in EveryPlacement(x))
        {
            Assert.Equal(sum, TensorPrimitives.Sum(placed));
            Assert.Equal(dot, TensorPrimitives.Dot(placed, y));
            Assert.Equal(squares, TensorPrimitives.SumOfSquares(placed));
        }
        Assert.Equal((double)x.Select(v => (double)v).Sum(), sum, 1e-3 * n);
    }

    [Fact]
    public void Skinny_dot_products_do_not_depend_on_where_A_lies()
    {
        const int m = 64, n = 10, k = 128;
        var a = Values(m * k, 3);
        var b = Values(n * k, 4);
        var expected = new float[m * n];
        Gemm.Multiply(a, false, b, true, expected, m, n, k);
        foreach (var placed in EveryPlacement(a))
        {
            var c = new float[m * n];
            Gemm.Multiply(placed, false, b, true, c, m, n, k);
            Assert.Equal(expected, c);
        }
    }

    [Fact]
    public void Full_reductions_of_a_tensor_are_the_same_for_a_copy_elsewhere()
    {
        var x = Values(10_000, 5);
        var sum = Reductions.Sum(Tensor.FromArray(x, x.Length)).Item();
        for (int copy = 0; copy < 8; copy++)
            Assert.Equal(sum, Reductions.Sum(Tensor.FromArray([.. x], x.Length)).Item());
    }
}
