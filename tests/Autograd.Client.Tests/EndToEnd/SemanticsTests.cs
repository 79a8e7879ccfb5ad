namespace Autograd.Client.Tests.EndToEnd;

/// <summary>
/// PyTorch semantics the golden graphs cannot express as data: no-grad scopes, detach,
/// the errors PyTorch raises, and zero-grad. Expected numbers are worked out by hand in
/// each test.
/// </summary>
[Collection(EmbeddedEngineCollection.Name)]
public sealed class SemanticsTests(EmbeddedEngineFixture fixture)
{
    private static Tensor Vector(params float[] values) => Tensor.FromArray(values, values.Length);

    [Fact]
    public async Task Operations_inside_NoGrad_record_no_graph_and_the_scope_ends_on_dispose()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);

        Variable inside;
        using (s.NoGrad())
            inside = (x * 2f).Exp().Sum();
        var after = x * 2f;

        Assert.False(inside.RequiresGrad);
        Assert.Null(inside.GradFn);
        Assert.Equal(MathF.Exp(2) + MathF.Exp(4) + MathF.Exp(6), await inside.ItemAsync(), 3);
        Assert.True(after.RequiresGrad);
        Assert.Equal("MulBackward", after.GradFn?.Name);
    }

    [Fact]
    public async Task BackwardAsync_on_a_result_computed_under_NoGrad_throws_because_it_has_no_grad_fn()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2), requiresGrad: true);
        Variable total;
        using (s.NoGrad())
            total = (x * x).Sum();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => total.BackwardAsync());

        Assert.Contains("does not require grad", error.Message);
        Assert.Null(await x.GradAsync());
    }

    [Fact]
    public async Task Gradient_does_not_flow_through_a_detached_variable()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        var frozen = (x * 3f).Detach();

        Assert.True(frozen.IsLeaf);
        Assert.False(frozen.RequiresGrad);
        Assert.Null(frozen.GradFn);

        // out = sum(frozen * x): d out / d x = frozen = 3x, not 6x as it would be without Detach
        await (frozen * x).Sum().BackwardAsync();

        Assert.Equal([3f, 6f, 9f], (await x.GradAsync())!.ToArray());
        Assert.Null(await frozen.GradAsync());
        Assert.Equal([3f, 6f, 9f], (await frozen.DataAsync()).ToArray());
    }

    [Fact]
    public async Task BackwardAsync_without_a_gradient_on_a_non_scalar_root_throws_PyTorchs_message()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        var y = x * 2f;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => y.BackwardAsync());

        Assert.Contains("grad can be implicitly created only for scalar outputs", error.Message);
        Assert.Null(await x.GradAsync());
    }

    [Fact]
    public async Task BackwardAsync_with_a_gradient_of_the_wrong_shape_throws_naming_both_shapes()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        var y = x * 2f;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => y.BackwardAsync(Vector(1, 1)));

        Assert.Contains("[2]", error.Message);
        Assert.Contains("[3]", error.Message);
    }

    [Fact]
    public async Task A_second_backward_without_retainGraph_through_saved_tensors_fails_clearly_and_changes_no_grad()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        var total = (x * x).Sum();   // MulBackward saves both inputs
        await total.BackwardAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => total.BackwardAsync());

        Assert.Contains("backward through the graph a second time", error.Message);
        Assert.Equal([2f, 4f, 6f], (await x.GradAsync())!.ToArray());
    }

    [Fact]
    public async Task A_second_backward_with_retainGraph_on_the_first_accumulates_into_the_leaf()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2, 3), requiresGrad: true);
        var total = (x * x).Sum();

        await total.BackwardAsync(retainGraph: true);
        await total.BackwardAsync();

        Assert.Equal([4f, 8f, 12f], (await x.GradAsync())!.ToArray());
    }

    [Fact]
    public async Task The_gradient_of_an_input_that_does_not_require_grad_stays_null()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(1, 2), requiresGrad: true);
        var constant = s.Variable(Vector(5, 7));
        var product = x * constant;

        Assert.False(constant.RequiresGrad);
        Assert.True(constant.IsLeaf);
        Assert.True(product.RequiresGrad);
        Assert.False(product.IsLeaf);

        await product.Sum().BackwardAsync();

        Assert.Null(await constant.GradAsync());
        Assert.Equal([5f, 7f], (await x.GradAsync())!.ToArray());
    }

    [Fact]
    public async Task An_op_whose_inputs_do_not_require_grad_records_no_graph()
    {
        await using var s = fixture.Engine.NewSession();
        var a = s.Variable(Vector(1, 2));
        var b = s.Variable(Vector(3, 4));

        var sum = a + b;

        Assert.False(sum.RequiresGrad);
        Assert.Null(sum.GradFn);
        Assert.Equal([4f, 6f], (await sum.DataAsync()).ToArray());
    }

    [Fact]
    public async Task ZeroGradAsync_resets_an_accumulated_grad_to_zeros_and_the_next_pass_starts_from_there()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1, 2, 3, 4], 2, 2), requiresGrad: true);
        var total = (x * 3f).Sum();
        await total.BackwardAsync(retainGraph: true);
        await total.BackwardAsync(retainGraph: true);
        Assert.Equal([6f, 6f, 6f, 6f], (await x.GradAsync())!.ToArray());

        await x.ZeroGradAsync();
        var zeroed = await x.GradAsync();

        Assert.NotNull(zeroed);
        Assert.Equal([2, 2], zeroed.Shape);
        Assert.Equal([0f, 0f, 0f, 0f], zeroed.ToArray());

        await total.BackwardAsync();
        Assert.Equal([3f, 3f, 3f, 3f], (await x.GradAsync())!.ToArray());
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
    public async Task Building_an_op_on_mismatched_shapes_throws_at_once_naming_both_sizes()
    {
        // no await around the op: the shape rule runs on the client when the op is built
        await using var s = fixture.Engine.NewSession();
        var a = s.Variable(Tensor.Zeros(2, 3));
        var b = s.Variable(Tensor.Zeros(2, 4));

        var error = Assert.ThrowsAny<ArgumentException>(() => a + b);

        Assert.Contains("(3)", error.Message);
        Assert.Contains("(4)", error.Message);
    }

    [Fact]
    public async Task NormAsync_is_the_euclidean_norm_and_ItemAsync_reads_a_one_element_result()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Vector(3, 4));

        Assert.Equal(5f, await x.NormAsync(), 5);
        Assert.Equal(7f, await x.Sum().ItemAsync(), 5);
        await Assert.ThrowsAnyAsync<Exception>(() => x.ItemAsync());
    }
}
