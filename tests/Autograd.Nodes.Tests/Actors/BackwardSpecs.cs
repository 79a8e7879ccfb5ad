using Akka.Actor;
using Autograd.Actors;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

public sealed class BackwardSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public async Task Node_must_sum_gradients_from_both_consumers_before_sending_upstream()
    {
        var input = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("mul_scalar", 3f), [true], input);
        var first = Consumer(id);
        var second = Consumer(id);
        SendValue(input, subscriptions[0], Vector(1, 2));
        await first.Probe.ExpectMsgAsync<InputValue>();
        await second.Probe.ExpectMsgAsync<InputValue>();
        var actor = first.Probe.LastSender;   // the node's actor: consumers send gradients straight to it
        Assert.Equal(Host.Path, actor.Path.Parent);
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (id, 2));

        first.Probe.Send(actor, new Gradient(id, pass, Vector(1, 1)));
        await input.ExpectNoMsgAsync(Quiet);

        second.Probe.Send(actor, new Gradient(id, pass, Vector(2, 10)));
        var upstream = await input.ExpectMsgAsync<Gradient>();
        Assert.Equal((subscriptions[0].Node, pass), (upstream.Node, upstream.Pass));
        Assert.Equal(actor, input.LastSender);
        AssertValues([9, 33], upstream.Value);  // 3 * (1 + 2), 3 * (1 + 10)
        await input.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Dependency_counts_make_a_shared_leaf_wait_for_both_branches_of_a_diamond()
    {
        var tracker = CreateTestProbe();
        var x = Leaf(Vector(1, 2), requiresGrad: true);
        var (a, b, c) = (NewId(), NewId(), NewId());
        Define(a, new OpSpec("mul_scalar", 2f), [Local(x)], [true]);
        Define(b, new OpSpec("mul_scalar", 3f), [Local(x)], [true]);
        Define(c, new OpSpec("add"), [Local(a), Local(b)], [true, true]);
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: [(c, 1), (a, 1), (b, 1), (x, 2)]);
        SendGradient(c, pass, Vector(1, 1));

        Assert.Equal(new LeafDone(pass, x), await tracker.ExpectMsgAsync<LeafDone>());
        await tracker.ExpectNoMsgAsync(Quiet);  // one report, after both branches
        Host.Tell(new GetGrad(x, 1));
        AssertValues([5, 5], (await ExpectMsgAsync<NodeGrad>()).Grad!);
    }

    /// <summary>y = w + b over two parameter leaves, and a plan for y's backward whose two leaves the host gathers.</summary>
    private (Akka.TestKit.TestProbe Tracker, NodeId W, NodeId B, NodeId Y, long Pass) PlanSumOfTwoLeaves()
    {
        var tracker = CreateTestProbe();
        var (w, b) = (Leaf(Vector(1, 2), requiresGrad: true), Leaf(Vector(3, 4), requiresGrad: true));
        var y = NewId();
        Define(y, new OpSpec("add"), [Local(w), Local(b)], [true, true]);
        var pass = NewPass();
        Host.Tell(new BackwardPlan(SessionId, pass, [y.Seq, w.Seq, b.Seq], [1, 1, 1], false, tracker.Ref, Leaves: 2));
        return (tracker, w, b, y, pass);
    }

    [Fact]
    public async Task A_host_whose_plan_counts_several_leaves_reports_them_to_the_tracker_in_one_message()
    {
        var (tracker, w, b, y, pass) = PlanSumOfTwoLeaves();
        SendGradient(y, pass, Vector(1, 1));

        var done = await tracker.ExpectMsgAsync<LeavesDone>();
        Assert.Equal((pass, SessionId), (done.Pass, done.Session));
        Assert.Equal(new[] { w.Seq, b.Seq }.Order(), done.Seqs.Order());
        Assert.Equal(Host, tracker.LastSender);
        await tracker.ExpectNoMsgAsync(Quiet);   // no LeafDone of its own from either leaf
    }

    [Fact]
    public async Task A_host_gathering_leaf_reports_passes_a_failure_on_to_the_tracker_at_once()
    {
        var (tracker, _, _, y, pass) = PlanSumOfTwoLeaves();
        SendGradient(y, pass, Vector(1, 1, 1));   // the wrong shape: y's backward fails

        var failed = await tracker.ExpectMsgAsync<PassFailed>();
        Assert.Equal((pass, y), (failed.Pass, failed.Node));
        await tracker.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Leaf_reports_and_failures_sent_to_a_host_by_anyone_but_its_node_actors_are_refused()
    {
        var outsider = CreateTestProbe();
        outsider.Send(Host, new LeafDone(NewPass(), NewId()));
        outsider.Send(Host, new PassFailed(NewPass(), NewId(), "add", "forged"));

        Assert.Contains("does not handle LeafDone", (await outsider.ExpectMsgAsync<Rejected>()).Reason);
        Assert.Contains("does not handle PassFailed", (await outsider.ExpectMsgAsync<Rejected>()).Reason);
    }

    [Fact]
    public async Task Gradients_that_arrive_before_their_plan_are_buffered_until_it_comes()
    {
        var input = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("neg"), [true], input);
        SendValue(input, subscriptions[0], Vector(5));
        var pass = NewPass();

        SendGradient(id, pass, Vector(2));
        await input.ExpectNoMsgAsync(Quiet);

        Plan(pass, tracker.Ref, counts: (id, 1));
        AssertValues([-2], (await input.ExpectMsgAsync<Gradient>()).Value);
    }

    [Fact]
    public async Task Backward_messages_that_arrive_before_the_value_wait_for_it()
    {
        var input = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("mul_scalar", 2f), [true], input);
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (id, 1));
        SendGradient(id, pass, Vector(1));
        await input.ExpectNoMsgAsync(Quiet);

        SendValue(input, subscriptions[0], Vector(3));
        AssertValues([2], (await input.ExpectMsgAsync<Gradient>()).Value);
    }

    [Fact]
    public async Task A_pruned_branch_receives_nothing()
    {
        var weight = CreateTestProbe();
        var constant = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("mul"), [true, false], weight, constant);
        SendValue(weight, subscriptions[0], Vector(2, 3));
        SendValue(constant, subscriptions[1], Vector(5, 7));
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (id, 1));
        SendGradient(id, pass, Vector(1, 1));

        AssertValues([5, 7], (await weight.ExpectMsgAsync<Gradient>()).Value);
        await constant.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_leaf_accumulates_its_gradient_across_two_passes_and_reports_each()
    {
        var tracker = CreateTestProbe();
        var x = Leaf(Vector(1, 2), requiresGrad: true);
        var consumer = Consumer(x);
        await consumer.Probe.ExpectMsgAsync<InputValue>();
        var leafActor = consumer.Probe.LastSender;
        foreach (var seed in new[] { Vector(1, 10), Vector(2, 20) })
        {
            var pass = NewPass();
            Plan(pass, tracker.Ref, counts: (x, 1));
            consumer.Probe.Send(leafActor, new Gradient(x, pass, seed));
            Assert.Equal(new LeafDone(pass, x), await tracker.ExpectMsgAsync<LeafDone>());
        }
        var asker = CreateTestProbe();
        asker.Send(Host, new GetGrad(x, 1));
        AssertValues([3, 30], (await asker.ExpectMsgAsync<NodeGrad>()).Grad!);
    }

    [Fact]
    public async Task A_plan_that_carries_the_seed_starts_the_pass_with_one_message()
    {
        var tracker = CreateTestProbe();
        var x = Leaf(Vector(1, 2), requiresGrad: true);
        var y = NewId();
        Define(y, new OpSpec("mul_scalar", 3f), [Local(x)], [true]);
        var pass = NewPass();
        Host.Tell(new BackwardPlan(SessionId, pass, [y.Seq, x.Seq], [1, 1], false, tracker.Ref, new Gradient(y, pass, Vector(1, 1))));
        Assert.Equal(new LeafDone(pass, x), await tracker.ExpectMsgAsync<LeafDone>());
        Host.Tell(new GetGrad(x, 1));
        AssertValues([3, 3], (await ExpectMsgAsync<NodeGrad>()).Grad!);
    }

    [Fact]
    public async Task A_second_pass_through_a_node_whose_saved_tensors_were_freed_fails_clearly()
    {
        var input = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("mul"), [true, true], input, input);
        SendValue(input, subscriptions[0], Vector(3));
        SendValue(input, subscriptions[1], Vector(4));

        var first = NewPass();
        Plan(first, tracker.Ref, retain: false, counts: (id, 1));
        SendGradient(id, first, Vector(1));
        var grads = new[] { await input.ExpectMsgAsync<Gradient>(), await input.ExpectMsgAsync<Gradient>() };
        AssertValues([7], Vector(grads.Sum(g => g.Value.Item())));  // 4 + 3

        var second = NewPass();
        Plan(second, tracker.Ref, counts: (id, 1));
        SendGradient(id, second, Vector(1));
        var failed = await tracker.ExpectMsgAsync<PassFailed>();
        Assert.Equal(id, failed.Node);
        Assert.Equal("mul", failed.Op);
        Assert.Contains("backward through the graph a second time", failed.Message);
        await input.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Retaining_the_graph_allows_a_second_pass_and_the_pass_without_it_frees_the_graph()
    {
        var input = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("exp"), [true], input);
        SendValue(input, subscriptions[0], Vector(0));
        for (int i = 0; i < 2; i++)
        {
            var pass = NewPass();
            Plan(pass, tracker.Ref, retain: i == 0, counts: (id, 1));
            SendGradient(id, pass, Vector(2));
            AssertValues([2], (await input.ExpectMsgAsync<Gradient>()).Value);
        }
        var third = NewPass();
        Plan(third, tracker.Ref, counts: (id, 1));
        SendGradient(id, third, Vector(2));
        Assert.Equal(Node.SecondBackwardMessage, (await tracker.ExpectMsgAsync<PassFailed>()).Message);
    }
}
