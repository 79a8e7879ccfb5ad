using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class DimensionsTests
{
    [Theory]
    [InlineData(0, 2, 0)]
    [InlineData(1, 2, 1)]
    [InlineData(-1, 2, 1)]
    [InlineData(-2, 2, 0)]
    [InlineData(-1, 4, 3)]
    [InlineData(0, 0, 0)]
    [InlineData(-1, 0, 0)]
    public void Negative_dims_must_count_from_the_end(int dim, int rank, int expected) =>
        Assert.Equal(expected, Dimensions.Normalize(dim, rank));

    [Theory]
    [InlineData(2, 2, "[-2, 1]")]
    [InlineData(-3, 2, "[-2, 1]")]
    [InlineData(1, 0, "[-1, 0]")]
    [InlineData(-2, 0, "[-1, 0]")]
    public void Out_of_range_dims_must_be_reported_with_pytorchs_words(int dim, int rank, string range)
    {
        var e = Assert.Throws<ArgumentException>(() => Dimensions.Normalize(dim, rank));
        Assert.Equal($"Dimension out of range (expected to be in range of {range}, but got {dim})", e.Message);
    }

    [Fact]
    public void Split_must_view_a_shape_as_outer_size_inner_around_the_dim()
    {
        Assert.Equal((2, 3, 20), Dimensions.Split([2, 3, 4, 5], 1));
        Assert.Equal((1, 2, 60), Dimensions.Split([2, 3, 4, 5], 0));
        Assert.Equal((24, 5, 1), Dimensions.Split([2, 3, 4, 5], 3));
        Assert.Equal((1, 1, 1), Dimensions.Split([], 0));
    }
}
