using Autograd.Ops;
using static Autograd.Nodes.Tests.OpRules.OpRunner;

namespace Autograd.Nodes.Tests.OpRules;

public class ReductionOpTests
{
    private static readonly Tensor X = T([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);

    [Fact]
    public void Sum_and_mean_over_everything_must_be_zero_dimensional_and_spread_the_gradient()
    {
        var (sum, gs) = Run(new OpSpec("sum"), Tensor.Scalar(2f), X);
        var (mean, gm) = Run(new OpSpec("mean"), Tensor.Scalar(2f), X);
        Assert.Equal([], sum.Shape);
        Assert.Equal(21f, sum.Item());
        Assert.Equal(3.5f, mean.Item());
        Assert.All(gs[0]!.ToArray(), v => Assert.Equal(2f, v));
        Assert.All(gm[0]!.ToArray(), v => Assert.Equal(2f / 6, v, 1e-6f));
    }

    [Fact]
    public void Sum_along_a_negative_dim_must_reduce_from_the_end_and_expand_back()
    {
        var (y, g) = Run(new OpSpec("sum", Dim: -1), T([1f, 10f], 2), X);
        Assert.Equal([2], y.Shape);
        Assert.Equal([6f, 15f], y.ToArray());
        Assert.Equal([1f, 1f, 1f, 10f, 10f, 10f], g[0]!.ToArray());
    }

    [Fact]
    public void Mean_along_dim_zero_with_keepDim_must_keep_a_size_one_dim()
    {
        var (y, g) = Run(new OpSpec("mean", Dim: 0, KeepDim: true), T([2f, 4f, 6f], 1, 3), X);
        Assert.Equal([1, 3], y.Shape);
        Assert.Equal([2.5f, 3.5f, 4.5f], y.ToArray());
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f], g[0]!.ToArray());
    }
}
