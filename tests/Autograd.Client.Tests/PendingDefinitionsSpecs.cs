using Autograd.Client;
using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Client.Tests;

/// <summary>The client's batching of definitions, with probes standing in for two members' hosts.</summary>
public sealed class PendingDefinitionsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);
    private readonly Guid _session = Guid.NewGuid();
    private long _lastSeq;

    private NodeId NewId() => new(_session, ++_lastSeq);

    [Fact]
    public async Task Definitions_wait_for_a_flush_and_then_reach_each_host_as_one_batch_in_creation_order()
    {
        var host = CreateTestProbe();
        var pending = new PendingDefinitions(TestActor);
        var x = new NodeRef(host.Ref, NewId());
        var first = new CreateOp(NewId(), new OpSpec("neg"), [x], [false]);
        var second = new CreateOp(NewId(), new OpSpec("exp"), [new NodeRef(host.Ref, first.Node)], [false]);
        pending.Add(host.Ref, first);
        pending.Add(host.Ref, second);
        await host.ExpectNoMsgAsync(Quiet);

        pending.Flush();
        var batch = await host.ExpectMsgAsync<CreateBatch>();
        Assert.Equal(TestActor, host.LastSender);  // members know the session's system by the sender
        Assert.Equal(new[] { first.Node, second.Node }, batch.Ops.Select(o => o.Node));
        Assert.Empty(batch.Subscriptions);  // both inputs live on the same host, which subscribes them itself

        pending.Flush();
        await host.ExpectNoMsgAsync(Quiet);  // nothing new: no empty batch
    }

    [Fact]
    public async Task A_node_with_an_input_on_another_host_is_subscribed_to_it_in_the_batch_to_that_host()
    {
        var hostA = CreateTestProbe();
        var hostB = CreateTestProbe();
        var pending = new PendingDefinitions(TestActor);
        var w = new NodeRef(hostA.Ref, NewId());
        var shard = new NodeRef(hostB.Ref, NewId());
        var product = new CreateOp(NewId(), new OpSpec("matmul"), [shard, w], [false, true]);
        pending.Add(hostB.Ref, product);
        pending.Flush();

        Assert.Equal(product.Node, (await hostB.ExpectMsgAsync<CreateBatch>()).Ops.Single().Node);
        var subscribe = (await hostA.ExpectMsgAsync<CreateBatch>()).Subscriptions.Single();
        Assert.Equal((w.Id, hostB.Ref, product.Node, 1), (subscribe.Node, subscribe.Subscriber, subscribe.SubscriberNode, subscribe.Slot));
    }

    [Fact]
    public async Task A_long_graph_goes_out_in_batches_of_the_limit_without_waiting_for_an_await()
    {
        var host = CreateTestProbe();
        var pending = new PendingDefinitions(TestActor);
        var input = new NodeRef(host.Ref, NewId());
        for (int i = 0; i < PendingDefinitions.Limit + 1; i++)
        {
            var op = new CreateOp(NewId(), new OpSpec("neg"), [input], [false]);
            pending.Add(host.Ref, op);
            input = new NodeRef(host.Ref, op.Node);
        }
        Assert.Equal(PendingDefinitions.Limit, (await host.ExpectMsgAsync<CreateBatch>()).Ops.Length);
        await host.ExpectNoMsgAsync(Quiet);
        pending.Flush();
        Assert.Single((await host.ExpectMsgAsync<CreateBatch>()).Ops);
    }
}
