using Akka.Actor;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

public sealed class SessionSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    /// <summary>
    /// Whether a local actor has stopped, read now. Akka marks this obsolete in favour of a watch, but a
    /// watcher's Terminated may arrive after the host's reply to it: only this shows which came first.
    /// </summary>
#pragma warning disable CS0618
    private static bool IsStopped(IActorRef actor) => ((IInternalActorRef)actor).IsTerminated;
#pragma warning restore CS0618

    [Fact]
    public async Task Freeing_a_session_gives_its_node_actors_back_to_the_pool_and_keeps_other_sessions()
    {
        var a = Leaf(Vector(1));
        var b = Leaf(Vector(2));
        var otherSession = new NodeId(Guid.NewGuid(), 1);
        Host.Tell(new CreateLeaf(otherSession, Vector(3), false));
        var (aActor, bActor, otherActor) = (await ActorOfAsync(a), await ActorOfAsync(b), await ActorOfAsync(otherSession));
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(2, 3, 0), await ExpectMsgAsync<HostStats>());

        Host.Tell(new FreeSession(SessionId));
        Assert.Equal(new SessionFreed(SessionId, 2), await ExpectMsgAsync<SessionFreed>());
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(1, 1, 1, PooledActors: 2), await ExpectMsgAsync<HostStats>());

        Host.Tell(new GetValue(a, 1));
        Assert.Contains("freed", (await ExpectMsgAsync<Rejected>()).Reason);
        aActor.Tell(new GetValue(a, 2));   // late mail to the actor itself: dropped, it serves no node now
        await ExpectNoMsgAsync(Quiet);
        Host.Tell(new GetValue(otherSession, 1));
        AssertValues([3], (await ExpectMsgAsync<NodeValue>()).Value);
        otherActor.Tell(new GetValue(otherSession, 2));
        AssertValues([3], (await ExpectMsgAsync<NodeValue>()).Value);

        // the next session's nodes take the freed session's actors
        var next = new NodeId(Guid.NewGuid(), 1);
        Host.Tell(new CreateLeaf(next, Vector(5), false));
        Assert.Contains(await ActorOfAsync(next), new[] { aActor, bActor });
        Host.Tell(new GetValue(next, 3));
        AssertValues([5], (await ExpectMsgAsync<NodeValue>()).Value);
    }

    [Fact]
    public async Task An_actor_that_waited_for_its_definition_when_its_session_was_freed_can_wait_again_for_another_node()
    {
        var undefined = NewId();
        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(undefined, 1));   // creates the node's actor, waiting for its definition
        await AwaitAssertAsync(async () =>
        {
            Host.Tell(new GetHostStats());
            Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).WaitingNodes);
        });

        Host.Tell(new FreeSession(SessionId));
        await ExpectMsgAsync<SessionFreed>();
        await asker.ExpectMsgAsync<RequestFailed>();
        Host.Tell(new GetHostStats());
        Assert.Equal((0, 0, 1), ((await ExpectMsgAsync<HostStats>()) is var freed ? (freed.Nodes, freed.WaitingNodes, freed.PooledActors) : default));

        // the pooled actor waits for a node of another session, and serves it once it is defined
        var next = new NodeId(Guid.NewGuid(), 1);
        asker.Send(Host, new GetValue(next, 2));
        Host.Tell(new GetHostStats());
        Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).WaitingNodes);
        Host.Tell(new CreateLeaf(next, Vector(4), false));
        AssertValues([4], (await asker.ExpectMsgAsync<NodeValue>()).Value);
    }

    [Fact]
    public async Task Freeing_a_session_answers_whoever_waits_on_its_nodes_at_once()
    {
        var input = CreateTestProbe();
        var (id, _) = OpOverProbes(new OpSpec("mul_scalar", 2f), [true], input);
        var waiter = CreateTestProbe();
        waiter.Send(Host, new GetValue(id, 9));   // the op waits for its input's value

        Host.Tell(new FreeSession(SessionId));

        Assert.Contains("stopped before it could answer", (await waiter.ExpectMsgAsync<RequestFailed>()).Message);
        await ExpectMsgAsync<SessionFreed>();
    }

    [Fact]
    public async Task The_session_is_confirmed_freed_only_once_all_its_node_actors_let_go_of_their_nodes()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => Leaf(Vector(1))).ToArray();
        foreach (var id in ids) await ActorOfAsync(id);
        var probe = CreateTestProbe();
        probe.Send(Host, new FreeSession(SessionId));
        Assert.Equal(new SessionFreed(SessionId, ids.Length), await probe.ExpectMsgAsync<SessionFreed>());
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(0, 0, 1, PooledActors: ids.Length), await ExpectMsgAsync<HostStats>());
    }

    [Fact]
    public async Task Node_actors_of_a_freed_session_beyond_the_pools_capacity_stop()
    {
        const int extra = 10;
        var ids = Enumerable.Range(0, Autograd.Actors.NodeHost.PoolCapacity + extra).Select(_ => Leaf(Vector(1))).ToArray();
        await ActorOfAsync(ids[^1]);
        var probe = CreateTestProbe();
        probe.Send(Host, new FreeSession(SessionId));
        Assert.Equal(new SessionFreed(SessionId, ids.Length), await probe.ExpectMsgAsync<SessionFreed>());

        // no node actors but the pooled ones: the extra ones had stopped when the confirmation came
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(0, 0, 1, PooledActors: Autograd.Actors.NodeHost.PoolCapacity), await ExpectMsgAsync<HostStats>());
    }

    [Fact]
    public async Task Late_messages_for_a_freed_session_are_rejected_instead_of_resurrecting_nodes()
    {
        Leaf(Vector(1));
        Host.Tell(new FreeSession(SessionId));
        await ExpectMsgAsync<SessionFreed>();

        Host.Tell(new GetValue(NewId(), 1));
        Assert.Contains("freed", (await ExpectMsgAsync<Rejected>()).Reason);
        Host.Tell(new CreateLeaf(NewId(), Vector(1), false));
        await ExpectMsgAsync<Rejected>();
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(0, 0, 1, PooledActors: 1), await ExpectMsgAsync<HostStats>());
    }

    [Fact]
    public async Task A_backward_plan_for_a_freed_session_fails_the_pass()
    {
        Host.Tell(new FreeSession(SessionId));
        await ExpectMsgAsync<SessionFreed>();
        var tracker = CreateTestProbe();
        Plan(NewPass(), tracker.Ref, counts: (NewId(), 1));
        Assert.Contains("freed", (await tracker.ExpectMsgAsync<PassFailed>()).Message);
    }

    [Fact]
    public async Task A_released_node_gives_up_its_actor_once_its_subscribers_and_planned_passes_are_served()
    {
        var input = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("mul_scalar", 2f), [true], input);
        var consumer = Consumer(id);
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (id, 1));
        var done = Leaf(Vector(1));
        await ActorOfAsync(done);

        Host.Tell(new ReleaseNodes(SessionId, [id.Seq, done.Seq]));
        await AwaitAssertAsync(async () =>
        {
            Host.Tell(new GetHostStats());
            Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).Nodes);  // the leaf owed nothing; the op still owes
        });

        SendValue(input, subscriptions[0], Vector(3));
        await consumer.Probe.ExpectMsgAsync<InputValue>();
        await ExpectNoMsgAsync(Quiet);
        Host.Tell(new GetHostStats());
        Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).Nodes);  // its planned pass has not fired

        SendGradient(id, pass, Vector(1));
        AssertValues([2], (await input.ExpectMsgAsync<Gradient>()).Value);
        await AwaitAssertAsync(async () =>
        {
            Host.Tell(new GetHostStats());
            Assert.Equal(0, (await ExpectMsgAsync<HostStats>()).Nodes);
        });
    }

    [Fact]
    public async Task The_actor_of_a_released_node_serves_the_next_new_node_and_drops_late_mail_for_the_old_one()
    {
        var old = Leaf(Vector(1));
        var actor = await ActorOfAsync(old);
        Host.Tell(new ReleaseNodes(SessionId, [old.Seq]));
        await AwaitAssertAsync(async () =>
        {
            Host.Tell(new GetHostStats());
            Assert.Equal(0, (await ExpectMsgAsync<HostStats>()).Nodes);
        });

        actor.Tell(new GetValue(old, 1));   // late mail for the node it served: dropped, never a new node
        var next = Leaf(Vector(7));

        Assert.Equal(actor, await ActorOfAsync(next));   // the pooled actor, not a new one
        Host.Tell(new GetValue(next, 2));
        AssertValues([7], (await ExpectMsgAsync<NodeValue>()).Value);
        await ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_node_actor_that_gives_itself_back_twice_as_its_session_is_freed_is_neither_pooled_twice_nor_refused()
    {
        var released = Leaf(Vector(1));
        var actor = await ActorOfAsync(released);
        Host.Tell(new FreeSession(SessionId));
        await ExpectMsgAsync<SessionFreed>();

        // Its Recycled, sent just before it stopped, reaches the host after the host learned of the stop
        // (Akka tells a parent of a child's termination ahead of the child's ordinary messages).
        Host.Tell(Autograd.Actors.NodeActor.Recycled.Instance, actor);
        Host.Tell(new GetHostStats());

        var stats = await ExpectMsgAsync<HostStats>();
        Assert.Equal(0, stats.Refused);
        Assert.Equal(1, stats.PooledActors);
    }

    [Fact]
    public async Task Idle_node_actors_beyond_those_the_pool_keeps_stop_after_a_trim_interval_unused()
    {
        int count = Autograd.Actors.NodeHost.PoolKeepIdle + 100;
        var ids = Enumerable.Range(0, count).Select(_ => Leaf(Vector(1))).ToArray();
        await ActorOfAsync(ids[^1]);
        Host.Tell(new FreeSession(SessionId));
        await ExpectMsgAsync<SessionFreed>();

        // within two intervals (the first may end right after the session was freed)
        await AwaitAssertAsync(async () =>
        {
            Host.Tell(new GetHostStats());
            var stats = await ExpectMsgAsync<HostStats>();
            Assert.Equal((0, Autograd.Actors.NodeHost.PoolKeepIdle), (stats.Nodes, stats.PooledActors));
        }, Autograd.Actors.NodeHost.PoolTrimInterval * 3, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_consumer_defined_before_its_input_is_released_still_gets_the_value()
    {
        var x = Leaf(Vector(4));
        var y = NewId();
        Define(y, new OpSpec("neg"), [Local(x)], [false]);
        Host.Tell(new ReleaseNodes(SessionId, [x.Seq]));
        Host.Tell(new GetValue(y, 1));
        AssertValues([-4], (await ExpectMsgAsync<NodeValue>()).Value);
    }

    [Fact]
    public async Task A_release_that_overtakes_its_nodes_definition_frees_the_node_once_it_is_defined()
    {
        var x = NewId();
        Host.Tell(new ReleaseNodes(SessionId, [x.Seq]));  // as when a large leaf's bytes are still on the way
        Host.Tell(new GetHostStats());
        Assert.Equal(0, (await ExpectMsgAsync<HostStats>()).Nodes);

        Host.Tell(new CreateLeaf(x, Vector(1), false));
        await AwaitAssertAsync(async () =>
        {
            Host.Tell(new GetHostStats());
            Assert.Equal(0, (await ExpectMsgAsync<HostStats>()).Nodes);  // defined, owed nothing, stopped
        });
    }

    [Fact]
    public async Task A_node_stays_until_released_when_no_release_came_before_its_definition()
    {
        var x = Leaf(Vector(1));
        Host.Tell(new ReleaseNodes(SessionId, [x.Seq + 1000]));  // some other, unknown node
        Host.Tell(new GetValue(x, 7));
        AssertValues([1], (await ExpectMsgAsync<NodeValue>()).Value);
        Host.Tell(new GetHostStats());
        Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).Nodes);
    }
}
