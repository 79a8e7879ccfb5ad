using Akka.Actor;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

public sealed class SessionSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public async Task Freeing_a_session_stops_its_node_actors()
    {
        var a = Leaf(Vector(1));
        var b = Leaf(Vector(2));
        var actors = new List<IActorRef>();
        foreach (var id in new[] { a, b })
        {
            Host.Tell(new GetValue(id));
            await ExpectMsgAsync<NodeValue>();
            actors.Add(LastSender);
        }
        var other = CreateTestProbe();
        var otherSession = new NodeId(Guid.NewGuid(), 1);
        Host.Tell(new CreateLeaf(otherSession, Vector(3), false));
        actors.ForEach(actor => Watch(actor));

        Host.Tell(new FreeSession(SessionId));
        var replies = new List<object>();
        for (int i = 0; i < 3; i++) replies.Add(await ReceiveOneAsync(TimeSpan.FromSeconds(3)));  // the reply and the stops race
        Assert.Equal(new SessionFreed(SessionId, 2), Assert.Single(replies.OfType<SessionFreed>()));
        Assert.Equal(actors.ToHashSet(), replies.OfType<Terminated>().Select(t => t.ActorRef).ToHashSet());

        other.Send(Host, new GetValue(otherSession));
        AssertValues([3], (await other.ExpectMsgAsync<NodeValue>()).Value);
    }

    [Fact]
    public async Task Late_messages_for_a_freed_session_are_rejected_instead_of_resurrecting_nodes()
    {
        Leaf(Vector(1));
        Host.Tell(new FreeSession(SessionId));
        await ExpectMsgAsync<SessionFreed>();

        Host.Tell(new GetValue(NewId()));
        Assert.Contains("freed", (await ExpectMsgAsync<Rejected>()).Reason);
        Host.Tell(new GetHostStats());
        Assert.Equal(new HostStats(0, 0, 1), await ExpectMsgAsync<HostStats>());
    }
}
