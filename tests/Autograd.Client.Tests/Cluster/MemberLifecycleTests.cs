using System.Diagnostics;
using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

/// <summary>Sessions and members coming and going on embedded clusters (each test owns its engine).</summary>
public class MemberLifecycleTests
{
    /// <summary>The stated bound for a lost member to fail an awaiting call (leave: about one gossip round;
    /// crash: failure detector pause 3 s + split brain resolver 2 s + removal).</summary>
    private static readonly TimeSpan LostMemberBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Disposing_many_sharded_sessions_returns_every_members_actor_count_to_where_it_started()
    {
        await using var engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3 });
        var before = await engine.HostStatsAsync();

        for (int i = 0; i < 30; i++)
        {
            await using var session = engine.NewSession();
            var x = session.Variable(Tensor.Ones(6, 4), requiresGrad: true, sharding: Sharding.Rows(3));
            var w = session.Variable(Tensor.Ones(4, 2), requiresGrad: true);
            var loss = x.MatMul(w).Tanh().Mean();
            await loss.BackwardAsync();
            if (i == 0) Assert.True((await engine.HostStatsAsync()).All(s => s.Nodes > 0), "every member holds nodes of the session");
        }

        var after = await engine.HostStatsAsync();
        Assert.Equal(before.Select(s => s.Nodes), after.Select(s => s.Nodes));
        Assert.Equal(before.Select(s => s.Sessions), after.Select(s => s.Sessions));
    }

    [Fact]
    public async Task A_training_loop_on_three_members_releases_each_steps_graph_on_every_member_before_the_session_ends()
    {
        await using var engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3, SerializeMessages = true });
        await using var session = engine.NewSession();
        session.Unreachable.Batch = 8;
        var x = session.Variable(Tensor.Ones(6, 4), sharding: Sharding.Rows(3));
        var w = session.Variable(Tensor.Ones(4, 2), requiresGrad: true);
        await Step();
        var afterOneStep = (await engine.HostStatsAsync()).Select(h => h.Nodes).ToArray();
        Assert.All(afterOneStep, n => Assert.True(n > 1, "every member holds nodes of a step"));

        for (int i = 0; i < 40; i++) await Step();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Step();  // sends the releases the finalizers queued
        TensorAssert.Close(Enumerable.Repeat(42f * 6, 8).ToArray(), await w.GradAsync(), 1e-3f);

        // 42 steps of ~6 nodes per member would hold ~250; released graphs leave about one step's worth.
        var deadline = Stopwatch.StartNew();
        int[] now;
        while ((now = (await engine.HostStatsAsync()).Select(h => h.Nodes).ToArray()).Zip(afterOneStep).Any(p => p.First > 3 * p.Second)
               && deadline.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(20);
        Assert.All(now.Zip(afterOneStep), p => Assert.True(p.First <= 3 * p.Second, $"a member holds {p.First} nodes after 42 steps, {p.Second} after one"));

        Task Step() => x.MatMul(w).Sum().BackwardAsync();
    }

    [Fact]
    public async Task A_member_that_leaves_fails_the_awaiting_calls_within_seconds_naming_the_member()
    {
        await using var engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3 });
        var session = engine.NewSession();
        var x = session.Variable(Tensor.Ones(6, 4), requiresGrad: true, sharding: Sharding.Rows(3));
        var w = session.Variable(Tensor.Ones(4, 2), requiresGrad: true);
        var loss = x.MatMul(w).Pow(2f).Mean();
        Assert.Equal(4f * 4f, await loss.ItemAsync());
        var leaving = engine.OtherMemberSystems[0];
        var leavingAddress = ((Akka.Actor.ExtendedActorSystem)leaving).Provider.DefaultAddress.ToString();
        var clock = Stopwatch.StartNew();

        await leaving.Terminate();
        var backward = await Assert.ThrowsAnyAsync<Exception>(() => (x.MatMul(w).Sum() * 2f).BackwardAsync());
        var forward = await Assert.ThrowsAnyAsync<Exception>(() => x.Exp().DataAsync());

        Assert.True(clock.Elapsed < LostMemberBound, $"failed after {clock.Elapsed}, bound {LostMemberBound}");
        Assert.Contains(leavingAddress, backward.Message);
        Assert.Contains(leavingAddress, forward.Message);
        await session.DisposeAsync();

        // From the moment the engine knows it lost the member, new sessions go to the two members left.
        Assert.Equal(leavingAddress, await session.MemberLost);
        Assert.Equal(2, engine.Hosts.Count);
        Assert.DoesNotContain(engine.Hosts, h => h.Path.Address.ToString() == leavingAddress);
        await using var after = engine.NewSession();
        var v = after.Variable(Tensor.Ones(6, 4), requiresGrad: true, sharding: Sharding.Rows(3));
        await (v * 2f).Sum().BackwardAsync();
        Assert.Equal(Enumerable.Repeat(2f, 24), (await v.GradAsync())!.ToArray());
        Assert.DoesNotContain(leavingAddress, v.Placement);
    }
}
