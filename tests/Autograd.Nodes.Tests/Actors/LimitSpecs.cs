using Akka.Actor;
using Akka.Configuration;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>
/// Nodes waiting for their definition (created by a message that overtook it) are bounded per
/// session and per member, and go away at their deadline (here 1 s): a flood of messages for nodes
/// nobody defines is refused beyond the bound and leaves nothing behind.
/// </summary>
public sealed class LimitSpecs(ITestOutputHelper output) : NodeSpec(output, hostTimeout: TimeSpan.FromSeconds(1), config: Limits)
{
    private static readonly Config Limits = ConfigurationFactory.ParseString("""
        autograd.limits.waiting-nodes-per-session = 8
        autograd.limits.waiting-nodes-per-member = 12
        """);

    private async Task<HostStats> Stats()
    {
        Host.Tell(new GetHostStats());
        return await ExpectMsgAsync<HostStats>();
    }

    [Fact]
    public async Task Nodes_waiting_for_a_definition_are_bounded_per_session_and_per_member_and_stop_at_their_deadline()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var asker = CreateTestProbe();
        for (int i = 1; i <= 20; i++) asker.Send(Host, new GetValue(new NodeId(first, i), i));
        for (int i = 1; i <= 20; i++) asker.Send(Host, new GetValue(new NodeId(second, i), 100 + i));

        var stats = await Stats();
        Assert.Equal((12, 12), (stats.WaitingNodes, stats.Nodes));  // 8 of the first session, 4 of the second
        int refused = 0, timedOut = 0;
        for (int i = 0; i < 40; i++)
        {
            var failure = await asker.ExpectMsgAsync<RequestFailed>();
            if (failure.Message.Contains("waiting-nodes-per-session")) refused++;
            else if (failure.Message.Contains("never created within 1 s")) timedOut++;
        }
        Assert.Equal((28, 12), (refused, timedOut));
        await AwaitAssertAsync(async () => Assert.Equal((0, 0), ((await Stats()).Nodes, (await Stats()).WaitingNodes)));
        Assert.Equal(28, (await Stats()).Refused);
    }

    [Fact]
    public async Task A_waiting_node_that_gets_its_definition_no_longer_counts_as_waiting()
    {
        var x = NewId();
        Host.Tell(new GetValue(x, 1));
        Assert.Equal(1, (await Stats()).WaitingNodes);

        Host.Tell(new CreateLeaf(x, Vector(4), false));

        Assert.Equal(new[] { 4f }, (await ExpectMsgAsync<NodeValue>()).Value.ToArray());
        Assert.Equal((0, 1), ((await Stats()).WaitingNodes, (await Stats()).Nodes));
        await ExpectNoMsgAsync(TimeSpan.FromSeconds(1.5));  // past the deadline: defined, it stays and owes nothing
        Assert.Equal(1, (await Stats()).Nodes);
    }
}
