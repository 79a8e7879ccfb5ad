using Autograd.Client.Nn;
using Autograd.Client.Optim;

namespace Autograd.Client.Tests.Training;

/// <summary>
/// A training loop runs in constant memory: 100,000 steps of a small MLP leave the client's heap and the
/// member's live node actors where the first steps put them (each step's nodes are released once their
/// variables are collected, and their actors serve the next step's nodes), and the pool of actors stays bounded.
/// Alone (its own collection, not run in parallel with others): the heap it measures is the whole process's,
/// engine included, and other tests allocating at the same time would move it by more than the bound.
/// </summary>
[Collection(Name)]
public sealed class SteadyStateTests : IAsyncLifetime
{
    public const string Name = "steady state, alone";

    private AutogradEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Timeout = TimeSpan.FromSeconds(10) });

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task A_hundred_thousand_steps_of_a_small_MLP_keep_memory_and_node_actors_flat()
    {
        await using var s = _engine.NewSession();
        s.ManualSeed(3);
        var x = s.Variable(Tensor.RandomUniform(1, -1f, 1f, 30, 2));
        var y = s.Variable(Tensor.FromArray(Enumerable.Range(0, 30).Select(i => (float)(i % 3)).ToArray(), 30));
        var model = new Sequential(new Linear(s, 2, 16), new ReLU(), new Linear(s, 16, 3));
        var sgd = new Sgd(model.Parameters(), lr: 0.05f);
        async Task Steps(int count)
        {
            for (int i = 0; i < count; i++)
            {
                await sgd.ZeroGradAsync();
                await model.Forward(x).CrossEntropy(y).BackwardAsync();
                await sgd.StepAsync();
            }
        }

        await Steps(2_000);
        var (heapBefore, before) = await Settle(s);
        await Steps(100_000);
        var (heapAfter, after) = await Settle(s);

        // the heap may wobble by what one GC leaves behind; a leak of a few hundred bytes a step would be tens of MB
        Assert.True(heapAfter < heapBefore + 16_000_000, $"client heap {heapBefore / 1e6:0.0} MB -> {heapAfter / 1e6:0.0} MB over 100,000 steps");
        Assert.True(after.NodeActors <= before.NodeActors + 64, $"node actors {before.NodeActors} -> {after.NodeActors}");
        // actors of finished nodes wait in the host's pool, which is bounded (how many it holds depends on how many
        // steps' variables one garbage collection found unreachable at once)
        Assert.True(after.PooledActors <= Autograd.Actors.NodeHost.PoolCapacity, $"pooled actors {after.PooledActors}");
    }

    /// <summary>Collects garbage (so finalized variables queue their nodes), lets the releases go out, and reads heap and member.</summary>
    private async Task<(long Heap, MemberStats Member)> Settle(Session s)
    {
        for (int round = 0; round < 3; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            // building in the session sends the releases its finalized variables queued
            await s.Variable(Tensor.Scalar(round)).ItemAsync();
        }
        await Task.Delay(200);
        GC.Collect();
        return (GC.GetTotalMemory(forceFullCollection: true), (await _engine.MemberStatsAsync())[0]);
    }
}

[CollectionDefinition(SteadyStateTests.Name, DisableParallelization = true)]
public sealed class SteadyStateCollection;
