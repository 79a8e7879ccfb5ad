using Akka.Actor;
using Akka.Configuration;
using Autograd.Actors;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>
/// A <see cref="Bundle"/> at the node host: each message is handled in order as if it had come alone
/// from the bundle's sender (a training step's optimizer step, zero-grad, graph and backward plan
/// arrive as one). Who may send each message is checked per message (OwnershipSpecs).
/// </summary>
public sealed class BundleSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public async Task A_bundle_defines_a_leaf_an_op_over_it_a_backward_pass_and_a_read_in_that_order()
    {
        var x = NewId();
        var negated = NewId();
        long pass = NewPass();
        Host.Tell(new Bundle([
            new CreateLeaf(x, Vector(1, 2), RequiresGrad: true),
            new CreateBatch([new CreateOp(negated, new OpSpec("neg"), [Local(x)], [true])], []),
            new BackwardPlan(SessionId, pass, [negated.Seq, x.Seq], [1, 1], false, TestActor, new Gradient(negated, pass, Vector(1, 1))),
            new GetValue(negated, 7),
        ]));

        var replies = new List<object>();
        for (int i = 0; i < 2; i++) replies.Add(await ReceiveOneAsync());
        Assert.Equal(new LeafDone(pass, x), replies.OfType<LeafDone>().Single());
        AssertValues([-1, -2], replies.OfType<NodeValue>().Single().Value);
        Host.Tell(new GetGrad(x, 8));
        AssertValues([-1, -1], (await ExpectMsgAsync<NodeGrad>()).Grad!);
    }

    [Fact]
    public async Task While_the_host_gathers_a_pass_a_clients_optimizer_reply_waits_and_comes_in_one_bundle_with_the_report()
    {
        var p1 = Leaf(Vector(1, 2), requiresGrad: true);
        var p2 = Leaf(Vector(3, 4), requiresGrad: true);
        var sum = NewId();
        long pass = NewPass();
        var tracker = CreateTestProbe();
        Host.Tell(new Bundle([
            new ZeroGrads(SessionId, 5, [p1.Seq, p2.Seq]),
            new CreateBatch([new CreateOp(sum, new OpSpec("add"), [Local(p1), Local(p2)], [true, true])], []),
            new BackwardPlan(SessionId, pass, [sum.Seq, p1.Seq, p2.Seq], [1, 1, 1], false, tracker.Ref, new Gradient(sum, pass, Vector(1, 1)), Leaves: 2),
        ]));

        var bundle = await ExpectMsgAsync<Bundle>();
        Assert.Equal(5, Assert.IsType<ParametersDone>(bundle.Messages[0]).Request);
        var report = Assert.IsType<LeavesDone>(bundle.Messages[1]);
        Assert.Equal(pass, report.Pass);
        Assert.Equal([p1.Seq, p2.Seq], report.Seqs.Order());
        Assert.Equal(2, bundle.Messages.Length);
        await tracker.ExpectNoMsgAsync(Quiet);   // the report came with the reply, to the plan's sender

        // No pass gathered: the reply comes at once, by itself.
        Host.Tell(new ZeroGrads(SessionId, 6, [p1.Seq]));
        Assert.Equal(6, (await ExpectMsgAsync<ParametersDone>()).Request);
    }

    [Fact]
    public async Task A_message_of_a_bundle_that_is_refused_leaves_the_others_handled()
    {
        var x = NewId();
        Host.Tell(new Bundle([new CreateLeaf(x, Vector(3), RequiresGrad: false), new PassPlan(x, 1, 1, false, TestActor), new GetValue(x, 9)]));

        Assert.Contains("from a node host to its own node actors only", (await ExpectMsgAsync<Rejected>()).Reason);
        AssertValues([3], (await ExpectMsgAsync<NodeValue>()).Value);
    }
}

/// <summary>
/// What the wire format already rules out (a test of BundleFormatter), checked again for a sender in the
/// member's own process, whose messages are never serialized: a bundle is flat and bounded.
/// </summary>
public sealed class InProcessBundleSpecs() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(AutogradConfig.Default))
{
    [Fact]
    public async Task A_bundle_inside_a_bundle_or_one_over_the_limit_is_refused_whole()
    {
        var host = Sys.ActorOf(NodeHost.Props(TimeSpan.FromSeconds(30)), AutogradConfig.NodeHostName);
        var read = new GetHostStats();

        host.Tell(new Bundle([read, new Bundle([read])]));
        Assert.Contains("no bundle", (await ExpectMsgAsync<Rejected>()).Reason);
        host.Tell(new Bundle([.. Enumerable.Repeat<IAutogradMessage>(read, Bundle.MaxMessages + 1)]));
        Assert.Contains($"at most {Bundle.MaxMessages} messages", (await ExpectMsgAsync<Rejected>()).Reason);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));  // nothing of either was handled

        host.Tell(new Bundle([read, read]));
        await ExpectMsgAsync<HostStats>();
        await ExpectMsgAsync<HostStats>();
    }
}
