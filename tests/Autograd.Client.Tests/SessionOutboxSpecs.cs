using Autograd.Client;
using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Client.Tests;

/// <summary>The client's batching of definitions and posted messages, with probes standing in for two members' hosts.</summary>
public sealed class SessionOutboxSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);
    private readonly Guid _session = Guid.NewGuid();
    private long _lastSeq;

    private NodeId NewId() => new(_session, ++_lastSeq);

    [Fact]
    public async Task Definitions_wait_for_a_flush_and_then_reach_each_host_as_one_batch_in_creation_order()
    {
        var host = CreateTestProbe();
        var pending = new SessionOutbox(TestActor);
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
        var pending = new SessionOutbox(TestActor);
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
        var pending = new SessionOutbox(TestActor);
        var input = new NodeRef(host.Ref, NewId());
        for (int i = 0; i < SessionOutbox.Limit + 1; i++)
        {
            var op = new CreateOp(NewId(), new OpSpec("neg"), [input], [false]);
            pending.Add(host.Ref, op);
            input = new NodeRef(host.Ref, op.Node);
        }
        Assert.Equal(SessionOutbox.Limit, (await host.ExpectMsgAsync<CreateBatch>()).Ops.Length);
        await host.ExpectNoMsgAsync(Quiet);
        pending.Flush();
        Assert.Single((await host.ExpectMsgAsync<CreateBatch>()).Ops);
    }

    [Fact]
    public async Task Posted_messages_and_definitions_reach_a_host_as_one_bundle_in_the_order_they_were_made()
    {
        var host = CreateTestProbe();
        var outbox = new SessionOutbox(TestActor);
        var step = new ZeroGrads(_session, 1, [1]);
        var op = new CreateOp(NewId(), new OpSpec("neg"), [new NodeRef(host.Ref, NewId())], [true]);
        var plan = new BackwardPlan(_session, 1, [op.Node.Seq], [1], false, TestActor);
        outbox.Post(host.Ref, step);
        outbox.Add(host.Ref, op);
        outbox.Post(host.Ref, plan);
        await host.ExpectNoMsgAsync(Quiet);

        outbox.Flush();
        var bundle = await host.ExpectMsgAsync<Bundle>();
        Assert.Equal(TestActor, host.LastSender);
        Assert.Equal(3, bundle.Messages.Length);
        Assert.Same(step, bundle.Messages[0]);
        Assert.Equal(op.Node, Assert.IsType<CreateBatch>(bundle.Messages[1]).Ops.Single().Node);
        Assert.Same(plan, bundle.Messages[2]);
        outbox.Flush();
        await host.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_lone_posted_message_goes_as_itself_and_each_host_gets_only_its_own()
    {
        var hostA = CreateTestProbe();
        var hostB = CreateTestProbe();
        var outbox = new SessionOutbox(TestActor);
        var release = new ReleaseNodes(_session, [4]);
        outbox.Post(hostA.Ref, release);
        outbox.Post(hostB.Ref, new ReleaseNodes(_session, [5]));
        outbox.Post(hostB.Ref, new ReleaseNodes(_session, [6]));
        outbox.Flush();

        Assert.Same(release, await hostA.ExpectMsgAsync<ReleaseNodes>());
        Assert.Equal([5L, 6L], (await hostB.ExpectMsgAsync<Bundle>()).Messages.Cast<ReleaseNodes>().SelectMany(r => r.Seqs));
    }

    [Fact]
    public async Task A_posted_message_goes_out_by_itself_after_a_short_while_when_nothing_else_flushes()
    {
        var host = CreateTestProbe();
        var outbox = new SessionOutbox(TestActor, Sys.Scheduler);
        outbox.Post(host.Ref, new ZeroGrads(_session, 1, [1]));

        // FlushAfter, plus the scheduler's tick: well under the 100 ms a user could notice.
        await host.ExpectMsgAsync<ZeroGrads>(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Posting_more_than_a_bundle_holds_sends_the_full_bundle_at_once()
    {
        var host = CreateTestProbe();
        var outbox = new SessionOutbox(TestActor);
        for (int i = 0; i < Bundle.MaxMessages; i++)
            outbox.Post(host.Ref, new ReleaseNodes(_session, [i]));

        var first = await host.ExpectMsgAsync<Bundle>();
        Assert.InRange(first.Messages.Length, 2, Bundle.MaxMessages);
        outbox.Flush();
        var rest = await host.ExpectMsgAsync<object>();
        int restCount = rest is Bundle b ? b.Messages.Length : 1;
        Assert.Equal(Bundle.MaxMessages, first.Messages.Length + restCount);
    }
}
