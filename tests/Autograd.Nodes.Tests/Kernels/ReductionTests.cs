using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class ReductionTests
{
    [Theory]
    [InlineData("2,3")]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("4,1,5")]
    [InlineData("1000")]
    public void Sum_and_mean_over_everything_must_return_a_zero_dimensional_tensor(string shape)
    {
        var x = Reference.Random(1, Reference.Shape(shape));
        double total = x.ToArray().Sum(v => (double)v);

        var sum = Reductions.Sum(x);
        var mean = Reductions.Mean(x);

        Assert.Equal([], sum.Shape);
        Assert.Equal([], mean.Shape);
        Assert.Equal(total, sum.Item(), 1e-3);
        Assert.Equal(total / x.Count, mean.Item(), 1e-4);
    }

    [Theory]
    [InlineData("2,3", 0)]
    [InlineData("2,3", 1)]
    [InlineData("2,3", -1)]
    [InlineData("2,3", -2)]
    [InlineData("4,1,5", 1)]
    [InlineData("4,3,5", 1)]
    [InlineData("4,3,5", 0)]
    [InlineData("4,3,5", -1)]
    [InlineData("2,3,4,5", 2)]
    [InlineData("7", 0)]
    [InlineData("1,1", 0)]
    [InlineData("0,3", 1)]
    public void Reductions_along_a_dim_must_match_the_naive_fold_with_and_without_keepDim(string shapeText, int dim)
    {
        var shape = Reference.Shape(shapeText);
        var x = Reference.Random(2, shape);
        int d = dim < 0 ? dim + shape.Length : dim;
        var kept = (int[])shape.Clone();
        kept[d] = 1;
        var dropped = shape.Where((_, i) => i != d).ToArray();
        var sums = Reference.AlongDim(x, d, 0f, (acc, v) => acc + v);
        var maxes = Reference.AlongDim(x, d, float.NegativeInfinity, MathF.Max);

        foreach (bool keepDim in new[] { true, false })
        {
            var expectedShape = keepDim ? kept : dropped;
            var sum = Reductions.Sum(x, dim, keepDim);
            var mean = Reductions.Mean(x, dim, keepDim);
            Assert.Equal(expectedShape, sum.Shape);
            Assert.Equal(expectedShape, mean.Shape);
            Reference.Close(sums, sum.Span, 1e-5f);
            Reference.Close(sums.Select(v => v / shape[d]).ToArray(), mean.Span, 1e-5f);
            if (shape[d] > 0)
            {
                var max = Reductions.Max(x, dim, keepDim);
                Assert.Equal(expectedShape, max.Shape);
                Reference.Close(maxes, max.Span, 0f);
            }
        }
    }

    [Fact]
    public void A_zero_dimensional_tensor_reduces_along_dim_zero_or_minus_one_to_itself()
    {
        var x = Tensor.Scalar(4f);
        Assert.Equal(4f, Reductions.Sum(x, 0).Item());
        Assert.Equal([], Reductions.Mean(x, -1, keepDim: true).Shape);
    }

    [Fact]
    public void A_dim_out_of_range_must_be_reported_like_pytorch()
    {
        var e = Assert.Throws<ArgumentException>(() => Reductions.Sum(Tensor.Zeros(2, 3), 2));
        Assert.Equal("sum: Dimension out of range (expected to be in range of [-2, 1], but got 2) for a tensor of shape [2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Reductions.Mean(Tensor.Zeros(2, 3), -3));
        Assert.Contains("expected to be in range of [-2, 1], but got -3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Reductions.Sum(Tensor.Scalar(1f), 1));
        Assert.Contains("expected to be in range of [-1, 0], but got 1", e.Message);
    }

    [Theory]
    [InlineData("4,3,5", 1, false)]
    [InlineData("4,3,5", -1, true)]
    [InlineData("4,3,5", 0, true)]
    [InlineData("2,6", 1, false)]
    public void Expand_must_repeat_a_reduced_gradient_along_the_dim_with_its_scale(string shapeText, int dim, bool keepDim)
    {
        var shape = Reference.Shape(shapeText);
        int d = dim < 0 ? dim + shape.Length : dim;
        var reduced = Reference.Random(3, Dimensions.Reduced(shape, d, keepDim));
        var kept = (int[])shape.Clone();
        kept[d] = 1;
        var g = reduced.ToArray();
        var expected = new float[Reference.Count(shape)];
        for (int i = 0; i < expected.Length; i++)
            expected[i] = 0.5f * g[Reference.BroadcastSource(Reference.Unravel(i, shape), kept)];

        var actual = Reductions.Expand(reduced, shape, dim, 0.5f);

        Assert.Equal(shape, actual.Shape);
        Reference.Close(expected, actual.Span, 0f);
    }
}
