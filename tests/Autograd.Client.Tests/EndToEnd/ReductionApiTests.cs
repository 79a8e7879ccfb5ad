namespace Autograd.Client.Tests.EndToEnd;

/// <summary>
/// The reductions' public API as a user meets it: Max(dim) gives values and indices, indices never
/// require grad, a sharded max keeps its ties and offsets, bad dims throw where the op is built.
/// Expected numbers are worked out by hand.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ReductionApiTests(EngineFixture fixture)
{
    private static readonly Tensor Grid = Tensor.FromArray([1f, 3f, 3f, 3f, 0f, 2f], 2, 3);

    [Fact]
    public async Task Max_along_a_dim_gives_the_values_and_the_first_index_of_each_maximum()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Grid, requiresGrad: true);

        var (values, indices) = x.Max(1, keepDim: true);

        Assert.Equal([2, 1], values.Shape);
        Assert.Equal(new[] { 3f, 3f }, (await values.DataAsync()).ToArray());
        Assert.Equal(new[] { 1f, 0f }, (await indices.DataAsync()).ToArray());
        Assert.True(values.RequiresGrad);
        Assert.Equal("MaxBackward", values.GradFn?.Name);
        Assert.False(indices.RequiresGrad);
        Assert.Null(indices.GradFn);
        await values.Sum().BackwardAsync();
        Assert.Equal(new[] { 0f, 1f, 0f, 1f, 0f, 0f }, (await x.GradAsync())!.ToArray());
    }

    [Fact]
    public async Task Min_of_every_element_splits_its_gradient_among_ties()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([2f, 0f, 5f, 0f], 4), requiresGrad: true);

        var min = x.Min();

        Assert.Equal([], min.Shape);
        await min.BackwardAsync();
        Assert.Equal(new[] { 0f, 0.5f, 0f, 0.5f }, (await x.GradAsync())!.ToArray());
    }

    [Fact]
    public async Task A_row_sharded_argmax_over_rows_counts_rows_from_the_start_of_the_whole_tensor()
    {
        await using var s = fixture.Engine.NewSession();
        // 7 rows in shards of 3, 2 and 2: column 0 peaks in row 5, column 1 ties in rows 1 and 4
        var data = Tensor.FromArray([0f, 1f, 0f, 9f, 0f, 1f, 0f, 1f, 0f, 9f, 7f, 1f, 0f, 1f], 7, 2);
        var x = s.Variable(data, sharding: Sharding.Rows(3));

        var (values, indices) = x.Max(0);

        Assert.Equal(new[] { 7f, 9f }, (await values.DataAsync()).ToArray());
        Assert.Equal(new[] { 5f, 1f }, (await indices.DataAsync()).ToArray());
    }

    [Fact]
    public async Task Var_and_std_default_to_the_unbiased_estimate_as_pytorch()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f, 3f, 4f], 4));

        Assert.Equal(5f / 3, await x.Var().ItemAsync(), 1e-6f);
        Assert.Equal(1.25f, await x.Var(unbiased: false).ItemAsync(), 1e-6f);
        Assert.Equal(MathF.Sqrt(5f / 3), await x.Std(0).ItemAsync(), 1e-6f);
        Assert.Equal([1], x.Std(0, keepDim: true).Shape);
    }

    [Fact]
    public async Task Sum_over_several_dims_counts_negative_dims_from_the_end()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 4));

        var sum = x.Sum([-1, 0]);
        var mean = x.Mean([2, 0], keepDim: true);

        Assert.Equal([3], sum.Shape);
        Assert.Equal(new[] { 60f, 92f, 124f }, (await sum.DataAsync()).ToArray());
        Assert.Equal([1, 3, 1], mean.Shape);
        Assert.Equal(new[] { 7.5f, 11.5f, 15.5f }, (await mean.DataAsync()).ToArray());
    }

    [Fact]
    public async Task A_dim_named_twice_throws_where_the_op_is_built()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Grid);

        var e = Assert.ThrowsAny<ArgumentException>(() => x.Sum([1, -1]));
        Assert.Contains("dim 1 appears multiple times in the list of dims", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => x.Max(2));
        Assert.ThrowsAny<ArgumentException>(() => x.Var(-3));
    }
}
