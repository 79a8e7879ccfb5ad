using Akka.Actor;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

public sealed class SessionSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public async Task Freeing_a_session_drops_its_nodes_and_keeps_other_sessions()
    {
        var a = Leaf(Vector(1));
        Leaf(Vector(2));
        var otherSession = new NodeId(Guid.NewGuid(), 1);
        Host.Tell(new CreateLeaf(otherSession, Vector(3), false));
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(2, 3, 0), await ExpectMsgAsync<HostStats>());

        Host.Tell(new FreeSession(SessionId));
        Assert.Equal(new SessionFreed(SessionId, 2), await ExpectMsgAsync<SessionFreed>());
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(1, 1, 1), await ExpectMsgAsync<HostStats>());

        Host.Tell(new GetValue(a, 1));
        Assert.Contains("freed", (await ExpectMsgAsync<Rejected>()).Reason);
        Host.Tell(new GetValue(otherSession, 1));
        AssertValues([3], (await ExpectMsgAsync<NodeValue>()).Value);
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
        Assert.Equal(new HostStats(0, 0, 1), await ExpectMsgAsync<HostStats>());
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
    public async Task A_released_node_is_dropped_once_its_subscribers_and_planned_passes_are_served()
    {
        var input = CreateTestProbe();
        var tracker = CreateTestProbe();
        var id = await OpOverProbes(new OpSpec("mul_scalar", 2f), [true], input);
        var consumer = Consumer(id);
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (id, 1));
        var done = Leaf(Vector(1));

        Host.Tell(new ReleaseNodes(SessionId, [id.Seq, done.Seq]));
        Host.Tell(new GetHostStats());
        Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).Nodes);  // the leaf went at once; the op still owes

        SendValue(input, id, 0, Vector(3));
        await consumer.Probe.ExpectMsgAsync<InputValue>();
        Host.Tell(new GetHostStats());
        Assert.Equal(1, (await ExpectMsgAsync<HostStats>()).Nodes);  // its planned pass has not fired

        SendGradient(id, pass, Vector(1));
        AssertValues([2], (await input.ExpectMsgAsync<Gradient>()).Value);
        Host.Tell(new GetHostStats());
        Assert.Equal(0, (await ExpectMsgAsync<HostStats>()).Nodes);
    }
}
