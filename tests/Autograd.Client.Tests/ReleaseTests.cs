using Autograd.Client;

namespace Autograd.Client.Tests;

[Collection(EngineCollection.Name)]
public sealed class ReleaseTests(EngineFixture fixture)
{
    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private async Task<int> NodesOnHost() => (await fixture.Engine.HostStatsAsync()).Sum(h => h.Nodes);

    /// <summary>
    /// The host's node count once it satisfies <paramref name="settled"/>: released node actors stop
    /// themselves asynchronously, so the count settles shortly after the release (deadline 5 s).
    /// </summary>
    private async Task<int> NodesOnHostOnce(Func<int, bool> settled)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int nodes;
        while (!settled(nodes = await NodesOnHost()) && DateTime.UtcNow < deadline) await Task.Delay(10);
        return nodes;
    }

    [Fact]
    public async Task Nodes_of_variables_the_client_dropped_are_released_before_the_session_ends()
    {
        await using var s = fixture.Engine.NewSession();
        s.Unreachable.Batch = 10;
        var x = s.Variable(Tensor.Scalar(1f));
        // Node actors of earlier tests stop asynchronously: start from a count that no longer moves.
        int before = await SettledNodeCount();

        // The temporaries are held until counted, so a collection during the loop cannot release them early.
        var temporaries = new List<Variable>();
        float total = 0;
        for (int i = 0; i < 100; i++)
        {
            temporaries.Add(x * i);
            total += await temporaries[^1].ItemAsync();
        }
        Assert.Equal(4950f, total);
        Assert.True(await NodesOnHost() >= before + 100);

        temporaries.Clear();
        CollectGarbage();
        var y = x + 1;  // building an op sends the pending release
        Assert.Equal(2f, await y.ItemAsync());
        Assert.InRange(await NodesOnHostOnce(n => n <= before + 20), before, before + 20);
        Assert.Equal(1f, await x.ItemAsync());  // what is still referenced stays
    }

    /// <summary>The host's node count once two reads 50 ms apart agree (deadline 5 s).</summary>
    private async Task<int> SettledNodeCount()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int previous = await NodesOnHost();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            int now = await NodesOnHost();
            if (now == previous) return now;
            previous = now;
        }
        return previous;
    }

    [Fact]
    public async Task A_graph_reachable_from_a_live_variable_survives_collections_and_backpropagates()
    {
        await using var s = fixture.Engine.NewSession();
        s.Unreachable.Batch = 1;
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
        s.Unreachable.Batch = 1;
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
