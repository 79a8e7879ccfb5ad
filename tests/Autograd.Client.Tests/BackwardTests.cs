using Autograd.Client;

namespace Autograd.Client.Tests;

[Collection(EngineCollection.Name)]
public sealed class BackwardTests(EngineFixture fixture)
{
    [Fact]
    public async Task Backward_without_a_gradient_on_a_non_scalar_throws()
    {
        await using var s = fixture.Engine.NewSession();
        var y = s.Variable(Tensor.Ones(3), requiresGrad: true) * 2;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => y.BackwardAsync());
        Assert.Contains("grad can be implicitly created only for scalar outputs", e.Message);
    }

    [Fact]
    public async Task Backward_with_a_gradient_of_the_wrong_shape_throws()
    {
        await using var s = fixture.Engine.NewSession();
        var y = s.Variable(Tensor.Ones(3), requiresGrad: true) * 2;
        var e = await Assert.ThrowsAsync<ArgumentException>(() => y.BackwardAsync(Tensor.Ones(2)));
        Assert.Contains("Mismatch in shape", e.Message);
    }

    [Fact]
    public async Task Backward_from_a_variable_that_does_not_require_grad_throws()
    {
        await using var s = fixture.Engine.NewSession();
        var y = s.Variable(Tensor.Ones(1)) * 2;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => y.BackwardAsync());
        Assert.Contains("does not require grad", e.Message);
    }

    [Fact]
    public async Task A_value_used_twice_receives_both_gradients()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, -2f, 3f], 3), requiresGrad: true);
        await (x * x).Sum().BackwardAsync();
        TensorAssert.Close([2f, -4f, 6f], await x.GradAsync());
    }

    [Fact]
    public async Task A_diamond_sums_the_gradients_of_both_branches()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([2f], 1), requiresGrad: true);
        var a = x * 3;            // da/dx = 3
        var b = x.Pow(2);         // db/dx = 2x = 4
        await (a * b).Sum().BackwardAsync();  // d(ab)/dx = 3*b + a*4 = 12 + 24
        TensorAssert.Close([36f], await x.GradAsync());
    }

    [Fact]
    public async Task Gradients_of_inputs_that_do_not_require_grad_stay_null()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var c = s.Variable(Tensor.FromArray([3f, 4f], 2));
        var y = w * c;
        await y.Sum().BackwardAsync();
        TensorAssert.Close([3f, 4f], await w.GradAsync());
        Assert.Null(await c.GradAsync());
        Assert.Null(await y.GradAsync());  // not a leaf: PyTorch keeps no grad there either
    }

    [Fact]
    public async Task A_second_backward_through_a_freed_graph_throws_and_retain_graph_allows_it()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var loss = (x * x).Sum();
        await loss.BackwardAsync(retainGraph: true);
        await loss.BackwardAsync();
        TensorAssert.Close([4f, 8f], await x.GradAsync());  // accumulated over two passes

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => loss.BackwardAsync());
        Assert.Contains("Trying to backward through the graph a second time", e.Message);
        Assert.Contains("retainGraph", e.Message);
    }

    [Fact]
    public async Task A_graph_that_saves_no_tensors_can_be_backpropagated_twice_without_retaining_it()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var loss = (x + 1).Sum();
        await loss.BackwardAsync();
        await loss.BackwardAsync();
        TensorAssert.Close([2f, 2f], await x.GradAsync());
    }

    [Fact]
    public async Task Zero_grad_resets_the_accumulated_gradient()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        await (x * 5).Sum().BackwardAsync();
        await x.ZeroGradAsync();
        TensorAssert.Close([0f, 0f], await x.GradAsync());
        await (x * 2).Sum().BackwardAsync();
        TensorAssert.Close([2f, 2f], await x.GradAsync());
    }

    [Fact]
    public async Task Backward_from_a_leaf_adds_the_gradient_to_the_leaf_itself()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        await x.BackwardAsync(Tensor.FromArray([0.5f, 3f], 2));
        TensorAssert.Close([0.5f, 3f], await x.GradAsync());
    }

    [Fact]
    public async Task Backward_before_the_forward_values_are_read_still_completes()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f, 3f], 3), requiresGrad: true);
        var h = x;
        for (int i = 0; i < 50; i++) h = (h * 1.5f).Tanh() + x;
        await h.Sum().BackwardAsync();
        var grad = await x.GradAsync();
        Assert.NotNull(grad);
        Assert.All(grad.ToArray(), g => Assert.True(float.IsFinite(g) && g > 0));
    }
}
