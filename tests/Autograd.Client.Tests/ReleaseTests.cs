using System.Runtime.CompilerServices;
using Autograd.Client;

namespace Autograd.Client.Tests;

[Collection(EngineCollection.Name)]
public sealed class ReleaseTests(EngineFixture fixture)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<float> SumOfTemporaries(Variable x, int count)
    {
        float total = 0;
        for (int i = 0; i < count; i++) total += await (x * i).ItemAsync();
        return total;
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private async Task<int> NodesOnHost() => (await fixture.Engine.HostStatsAsync()).Sum(h => h.Nodes);

    [Fact]
    public async Task Nodes_of_variables_the_client_dropped_are_released_before_the_session_ends()
    {
        await using var s = fixture.Engine.NewSession();
        s.ReleaseBatch = 10;
        var x = s.Variable(Tensor.Scalar(1f));
        int before = await NodesOnHost();
        Assert.Equal(4950f, await SumOfTemporaries(x, 100));
        Assert.True(await NodesOnHost() >= before + 100);

        CollectGarbage();
        var y = x + 1;  // building an op sends the pending release
        Assert.Equal(2f, await y.ItemAsync());
        Assert.InRange(await NodesOnHost(), before, before + 20);
        Assert.Equal(1f, await x.ItemAsync());  // what is still referenced stays
    }

    [Fact]
    public async Task A_graph_reachable_from_a_live_variable_survives_collections_and_backpropagates()
    {
        await using var s = fixture.Engine.NewSession();
        s.ReleaseBatch = 1;
        var x = s.Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var h = x;
        for (int i = 0; i < 200; i++)
        {
            h = h * 1.01f + 0.001f;
            if (i % 50 == 0) CollectGarbage();
        }
        var loss = h.Sum();
        CollectGarbage();
        _ = s.Variable(Tensor.Scalar(0f));  // flush whatever was collected
        await loss.BackwardAsync(retainGraph: true);
        var expected = MathF.Pow(1.01f, 200);
        TensorAssert.Close([expected, expected], await x.GradAsync(), 1e-4f);
        await loss.BackwardAsync();
        TensorAssert.Close([2 * expected, 2 * expected], await x.GradAsync(), 1e-4f);
    }

    [Fact]
    public async Task A_pass_whose_variables_became_unreachable_still_completes()
    {
        await using var s = fixture.Engine.NewSession();
        s.ReleaseBatch = 1;
        var x = s.Variable(Tensor.FromArray([3f], 1), requiresGrad: true);
        for (int i = 0; i < 20; i++)
        {
            var pass = (x * x * 2).Sum().BackwardAsync();  // the graph is unreachable once started
            CollectGarbage();
            _ = s.Variable(Tensor.Scalar(0f));
            await pass;
        }
        TensorAssert.Close([20 * 12f], await x.GradAsync());
    }
}
