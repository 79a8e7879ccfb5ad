using Akka.Actor;
using Autograd.Actors;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>The pool's bookkeeping as a plain class (refs of test probes stand for node actors).</summary>
public sealed class NodeActorPoolTests : Akka.TestKit.Xunit2.TestKit
{
    private IActorRef[] Refs(int count) => Enumerable.Range(0, count).Select(_ => CreateTestProbe().Ref).ToArray();

    [Fact]
    public void It_keeps_actors_up_to_its_capacity_and_hands_the_last_returned_out_first()
    {
        var pool = new NodeActorPool(capacity: 2, keepIdle: 0);
        var (a, b, c) = (Refs(3)[0], Refs(1)[0], Refs(1)[0]);

        Assert.True(pool.TryReturn(a));
        Assert.True(pool.TryReturn(b));
        Assert.False(pool.TryReturn(c));   // full: the caller stops it

        Assert.True(pool.TryTake(out var first));
        Assert.Same(b, first);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Only_actors_idle_for_a_whole_interval_beyond_those_it_keeps_are_trimmed()
    {
        var pool = new NodeActorPool(capacity: 100, keepIdle: 3);
        foreach (var actor in Refs(10)) pool.TryReturn(actor);
        Assert.Empty(pool.TakeLongIdle());   // the first interval only starts counting

        // a step takes six and gives them back within the interval: four stayed idle throughout
        var taken = new List<IActorRef>();
        for (int i = 0; i < 6; i++) { Assert.True(pool.TryTake(out var actor)); taken.Add(actor); }
        foreach (var actor in taken) pool.TryReturn(actor);

        Assert.Single(pool.TakeLongIdle());   // 4 idle, 3 kept
        Assert.Equal(9, pool.Count);
        Assert.Equal(6, pool.TakeLongIdle().Count);   // nobody took any in the next interval: down to 3
        Assert.Equal(3, pool.Count);
        Assert.Empty(pool.TakeLongIdle());
    }

    [Fact]
    public void An_actor_removed_from_the_pool_is_never_handed_out()
    {
        var pool = new NodeActorPool(capacity: 10, keepIdle: 0);
        var refs = Refs(3);
        foreach (var actor in refs) pool.TryReturn(actor);

        Assert.True(pool.Remove(refs[1]));
        Assert.False(pool.Remove(refs[1]));

        var handedOut = new List<IActorRef>();
        while (pool.TryTake(out var actor)) handedOut.Add(actor);
        Assert.Equal([refs[2], refs[0]], handedOut);
    }
}
