using Autograd.Client;

namespace Autograd.Client.Tests;

[Collection(EngineCollection.Name)]
public sealed class GraphTests(EngineFixture fixture)
{
    [Fact]
    public void The_test_engine_round_trips_every_message_through_the_serializer() =>
        Assert.True(fixture.Engine.System.Settings.SerializeAllMessages);

    [Fact]
    public async Task Shape_errors_throw_when_the_op_is_built()
    {
        await using var s = fixture.Engine.NewSession();
        var a = s.Variable(Tensor.Ones(2, 3));
        var b = s.Variable(Tensor.Ones(2, 4));
        Assert.ThrowsAny<ArgumentException>(() => a + b);
        Assert.ThrowsAny<ArgumentException>(() => a.MatMul(a));
        Assert.ThrowsAny<ArgumentException>(() => a.Reshape(5));
    }

    [Fact]
    public async Task Leaves_and_results_report_their_state_like_pytorch()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(2, 2), requiresGrad: true);
        var c = s.Variable(Tensor.Ones(2, 2));
        var y = x.MatMul(c).Sum(1);
        Assert.True(x.IsLeaf);
        Assert.Null(x.GradFn);
        Assert.False(y.IsLeaf);
        Assert.True(y.RequiresGrad);
        Assert.Equal([2], y.Shape);
        Assert.Equal("<SumBackward0>", y.GradFn?.ToString());
        var constant = c * 2;
        Assert.True(constant.IsLeaf);
        Assert.False(constant.RequiresGrad);
        Assert.Null(constant.GradFn);
    }

    [Fact]
    public async Task Ops_built_under_no_grad_record_no_graph()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        Variable y;
        using (s.NoGrad())
        {
            y = x * 2;
        }
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        TensorAssert.Close([2f, 4f], await y.DataAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => y.Sum().BackwardAsync());
        Assert.True((x * 2).RequiresGrad);  // the scope ended
    }

    [Fact]
    public async Task Detach_keeps_the_value_and_cuts_the_graph()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var d = (x * 3).Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        TensorAssert.Close([3f, 6f], await d.DataAsync());
        await (x * d).Sum().BackwardAsync();
        TensorAssert.Close([3f, 6f], await x.GradAsync());  // d is a constant: no path through it
    }

    [Fact]
    public async Task A_kernel_failure_surfaces_on_the_awaited_call_naming_the_node_and_op()
    {
        await using var s = fixture.Engine.NewSession();
        var logits = s.Variable(Tensor.Zeros(2, 3), requiresGrad: true);
        var labels = s.Variable(Tensor.FromArray([0f, 7f], 2));  // class 7 of 3
        var loss = logits.CrossEntropy(labels);
        var e = await Assert.ThrowsAsync<AutogradException>(() => loss.DataAsync());
        Assert.Equal("cross_entropy", e.Op);
        Assert.Contains("cross_entropy", e.Message);

        var downstream = loss * 2;
        var d = await Assert.ThrowsAsync<AutogradException>(() => downstream.DataAsync());
        Assert.Equal("cross_entropy", d.Op);

        var b = await Assert.ThrowsAsync<AutogradException>(() => downstream.BackwardAsync());
        Assert.Equal("cross_entropy", b.Op);
    }

    [Fact]
    public async Task A_request_nobody_answers_fails_at_the_deadline_naming_the_node()
    {
        var silentHost = fixture.Engine.System.ActorOf(Akka.Actor.Props.Empty);  // swallows everything
        await using var engine = new AutogradEngine(fixture.Engine.System, [silentHost], TimeSpan.FromMilliseconds(300), ownsSystem: false);
        var s = engine.NewSession();
        var x = s.Variable(Tensor.Ones(2), requiresGrad: true);
        var e = await Assert.ThrowsAsync<TimeoutException>(() => x.DataAsync().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains($"DataAsync on node {x.Id} (leaf)", e.Message);
        Assert.Equal(0, engine.Replies.Waiting);
    }

    [Fact]
    public async Task Variables_of_two_sessions_cannot_be_combined()
    {
        await using var s1 = fixture.Engine.NewSession();
        await using var s2 = fixture.Engine.NewSession();
        var a = s1.Variable(Tensor.Ones(2));
        var b = s2.Variable(Tensor.Ones(2));
        Assert.Throws<ArgumentException>(() => a + b);
    }

    [Fact]
    public async Task A_disposed_sessions_node_actors_are_gone()
    {
        var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(2), requiresGrad: true);
        var y = (x * 2).Sum();
        await y.BackwardAsync();
        var before = (await fixture.Engine.HostStatsAsync())[0];
        await s.DisposeAsync();
        var after = (await fixture.Engine.HostStatsAsync())[0];
        Assert.Equal(before.Nodes - 3, after.Nodes);
        Assert.True(after.FreedSessions > before.FreedSessions);
        Assert.Throws<ObjectDisposedException>(() => x * 2);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => y.DataAsync());
    }
}
