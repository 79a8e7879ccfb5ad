using Akka.Actor;
using Autograd.Actors;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>
/// A node actor stopped by anything but its host (a stop from outside, a crash, a bug) fails the
/// calls that depended on it at once. The host's definition deadline here is 30 s and every wait
/// of these specs at most 10 s, so an answer that came from a deadline fails the spec.
/// </summary>
public sealed class StopSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    /// <summary>The actor of node <paramref name="id"/>: a misrouted message to it through the host comes back rejected by it.</summary>
    private async Task<IActorRef> ActorOf(NodeId id)
    {
        Host.Tell(new CreateLeaf(id, Vector(0), false));  // a second definition: the node actor itself rejects it
        await ExpectMsgAsync<Rejected>();
        return LastSender;
    }

    [Fact]
    public async Task A_node_actor_stopped_from_outside_fails_its_askers_subscribers_and_planned_passes_at_once()
    {
        var input = CreateTestProbe();
        var (id, _) = OpOverProbes(new OpSpec("neg"), [true], input);
        var asker = CreateTestProbe();
        var consumer = CreateTestProbe();
        var tracker = CreateTestProbe();
        asker.Send(Host, new GetValue(id, 7));
        consumer.Send(Host, new Subscribe(id, consumer.Ref, NewId(), 0));
        Plan(NewPass(), tracker.Ref, counts: (id, 1));
        var actor = await ActorOf(id);

        actor.Tell(PoisonPill.Instance, CreateTestProbe().Ref);  // anyone but its host

        var failed = await asker.ExpectMsgAsync<RequestFailed>();
        Assert.Equal((7L, id), (failed.Request, failed.Origin));
        Assert.Contains("stopped", failed.Message);
        Assert.Equal(id, (await consumer.ExpectMsgAsync<InputFailed>()).Origin);
        Assert.Equal(id, (await tracker.ExpectMsgAsync<PassFailed>()).Node);
    }

    [Fact]
    public async Task Messages_for_a_node_whose_actor_was_stopped_from_outside_are_answered_with_a_failure()
    {
        var x = Leaf(Vector(1), requiresGrad: true);
        var actor = await ActorOfAsync(x);
        Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor);

        // whether the host learned of the stop before these or not (then they reach it as dead letters)
        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(x, 1));
        Assert.Equal(x, (await asker.ExpectMsgAsync<RequestFailed>()).Origin);
        asker.Send(Host, new GetGrad(x, 2));
        Assert.Equal(2, (await asker.ExpectMsgAsync<RequestFailed>()).Request);
        var consumer = Consumer(x);
        Assert.Equal(x, (await consumer.Probe.ExpectMsgAsync<InputFailed>()).Origin);
        var tracker = CreateTestProbe();
        Plan(NewPass(), tracker.Ref, counts: (x, 1));
        Assert.Equal(x, (await tracker.ExpectMsgAsync<PassFailed>()).Node);
        var y = NewId();
        Define(y, new OpSpec("neg"), [Local(x)], [true]);  // a consumer defined afterwards
        asker.Send(Host, new GetValue(y, 3));
        Assert.Equal(x, (await asker.ExpectMsgAsync<RequestFailed>()).Origin);
        Host.Tell(new GetHostStats());
        Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).Nodes);  // only y: no new actor waits for x
    }

    [Fact]
    public async Task A_session_with_a_node_actor_stopped_from_outside_still_frees()
    {
        var x = Leaf(Vector(1));
        var y = Leaf(Vector(2));
        var actor = await ActorOfAsync(x);
        await ActorOfAsync(y);
        Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor);
        Host.Tell(new GetValue(x, 1));
        await ExpectMsgAsync<RequestFailed>();  // the host knows x is gone

        Host.Tell(new FreeSession(SessionId));

        Assert.Equal(new SessionFreed(SessionId, 1), await ExpectMsgAsync<SessionFreed>());
    }

    [Fact]
    public async Task A_session_freed_while_a_node_actor_is_being_stopped_from_outside_still_frees()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => Leaf(Vector(1))).ToArray();
        var actors = new List<IActorRef>();
        foreach (var id in ids) actors.Add(await ActorOfAsync(id));

        foreach (var actor in actors.Take(10)) Sys.Stop(actor);  // racing the free
        Host.Tell(new FreeSession(SessionId));

        var freed = await ExpectMsgAsync<SessionFreed>();
        Assert.InRange(freed.NodesStopped, 10, 20);
        Host.Tell(new GetHostStats());
        Assert.Equal(0, (await ExpectMsgAsync<HostStats>()).Nodes);
    }
}
