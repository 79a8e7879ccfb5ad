namespace Autograd.Client.Tests.EndToEnd;

/// <summary>
/// PyTorch semantics the golden graphs cannot express as data, complementing BackwardTests
/// and GraphTests: how NoGrad and Detach combine with the graph around them, what a failed
/// pass leaves behind, passes running at the same time, and values read after a pass.
/// Expected numbers are worked out by hand in each test.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SemanticsTests(EngineFixture fixture)
{
    private static Tensor Vector(params float[] values) => Tensor.FromArray(values, values.Length);

    [Fact]
    public async Task A_value_computed_under_NoGrad_acts_as_a_constant_in_a_later_graph()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        Variable doubled;
        using (s.NoGrad())
            doubled = x * 2f;

        var product = doubled * x;
        Assert.True(product.RequiresGrad);
        Assert.Equal("MulBackward", product.GradFn?.Name);

        // d sum(doubled * x) / dx = doubled = 2x: no gradient flows into doubled
        await product.Sum().BackwardAsync();

        var xGrad = (await x.GradAsync())!.ToArray();
        Assert.Equal([2f, 4f, 6f], xGrad);
        Assert.Null(await doubled.GradAsync());
    }

    [Fact]
    public async Task Nested_NoGrad_scopes_keep_grad_off_until_the_outer_one_ends()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2), requiresGrad: true);

        Variable afterInner;
        using (s.NoGrad())
        {
            using (s.NoGrad())
                _ = x.Exp();
            afterInner = x.Exp();
        }
        var afterOuter = x.Exp();

        Assert.False(afterInner.RequiresGrad);
        Assert.Null(afterInner.GradFn);
        Assert.True(afterOuter.RequiresGrad);
        Assert.Equal("ExpBackward", afterOuter.GradFn?.Name);
    }

    [Fact]
    public async Task A_value_multiplied_by_its_own_detached_copy_gets_half_the_gradient_of_squaring()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, -2, 3), requiresGrad: true);
        var copy = x.Detach();

        Assert.True(copy.IsLeaf);
        Assert.False(copy.RequiresGrad);

        // d sum(x * c) / dx = c = x, where sum(x * x) would give 2x
        await (x * copy).Sum().BackwardAsync();

        var xGrad = (await x.GradAsync())!.ToArray();
        Assert.Equal([1f, -2f, 3f], xGrad);
        Assert.Null(await copy.GradAsync());
    }

    [Fact]
    public async Task A_failed_second_backward_leaves_the_accumulated_grad_untouched_and_retaining_again_is_refused_too()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        var total = (x * x).Sum();   // MulBackward saves both inputs
        await total.BackwardAsync();

        var plain = await Assert.ThrowsAnyAsync<Exception>(() => total.BackwardAsync());
        var retained = await Assert.ThrowsAnyAsync<Exception>(() => total.BackwardAsync(retainGraph: true));

        Assert.Contains("backward through the graph a second time", plain.Message);
        Assert.Contains("backward through the graph a second time", retained.Message);
        var xGrad = (await x.GradAsync())!.ToArray();
        Assert.Equal([2f, 4f, 6f], xGrad);
    }

    [Fact]
    public async Task Values_of_intermediate_nodes_stay_readable_after_their_graph_was_freed()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2), requiresGrad: true);
        var squared = x * x;
        var total = squared.Sum();

        await total.BackwardAsync();

        var squaredValues = (await squared.DataAsync()).ToArray();
        Assert.Equal([1f, 4f], squaredValues);
        Assert.Equal(5f, await total.ItemAsync());
    }

    [Fact]
    public async Task Gradients_accumulate_across_two_graphs_built_on_the_same_leaf()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2), requiresGrad: true);

        await (x * 2f).Sum().BackwardAsync();
        await x.Exp().Sum().BackwardAsync();

        var grad = (await x.GradAsync())!.ToArray();
        Assert.Equal(2 + MathF.Exp(1), grad[0], 5);
        Assert.Equal(2 + MathF.Exp(2), grad[1], 5);
    }

    [Fact]
    public async Task Two_passes_in_flight_at_once_into_one_leaf_both_land_in_its_grad()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        var w = s.Variable(Vector(4, 5, 6), requiresGrad: true);
        var first = (x * w).Sum();             // d/dx = w, d/dw = x
        var second = (x * 3f).Tanh().Sum();    // d/dx = 3 (1 - tanh²(3x)); w not on this path

        await Task.WhenAll(first.BackwardAsync(), second.BackwardAsync());

        var grad = (await x.GradAsync())!.ToArray();
        float[] xs = [1, 2, 3], ws = [4, 5, 6];
        for (int i = 0; i < 3; i++)
        {
            float t = MathF.Tanh(3 * xs[i]);
            Assert.Equal(ws[i] + 3 * (1 - t * t), grad[i], 5);
        }
        Assert.Equal(xs, (await w.GradAsync())!.ToArray());
    }

    [Fact]
    public async Task Sessions_used_at_the_same_time_keep_their_graphs_apart()
    {
        async Task<float[]> GradOfSquareSum(float scale)
        {
            await using var s = fixture.Engine.NewSession();
            var x = s.Variable(Vector(scale, 2 * scale), requiresGrad: true);
            await (x * x).Sum().BackwardAsync();
            return (await x.GradAsync())!.ToArray();
        }

        var grads = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => GradOfSquareSum(i)));

        for (int i = 0; i < grads.Length; i++)
            Assert.Equal([2f * (i + 1), 4f * (i + 1)], grads[i]);
    }

    [Fact]
    public async Task Error_messages_name_the_shapes_involved()
    {
        await using var s = fixture.Engine.NewSession();
        var a = s.Variable(Tensor.Zeros(2, 3), requiresGrad: true);
        var b = s.Variable(Tensor.Zeros(2, 4));

        var build = Assert.ThrowsAny<ArgumentException>(() => a + b);
        var backward = await Assert.ThrowsAnyAsync<ArgumentException>(() => (a * 2f).BackwardAsync(Tensor.Zeros(3, 2)));

        Assert.Contains("(3)", build.Message);
        Assert.Contains("(4)", build.Message);
        Assert.Contains("3, 2", backward.Message);
        Assert.Contains("2, 3", backward.Message);
    }

    [Fact]
    public async Task NormAsync_is_the_euclidean_norm_and_ItemAsync_refuses_more_than_one_element()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(3, 4));

        Assert.Equal(5f, await x.NormAsync(), 5);
        Assert.Equal(7f, await x.Sum().ItemAsync(), 5);
        await Assert.ThrowsAnyAsync<Exception>(() => x.ItemAsync());
    }
}
