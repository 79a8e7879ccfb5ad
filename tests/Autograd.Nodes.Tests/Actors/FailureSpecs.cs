using Akka.Actor;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

public sealed class FailureSpecs(ITestOutputHelper output) : NodeSpec(output, hostTimeout: TimeSpan.FromSeconds(1))
{
    [Fact]
    public async Task A_kernel_failure_is_answered_with_the_error_to_subscribers_askers_and_trackers_by_a_live_actor()
    {
        var logits = CreateTestProbe();
        var labels = CreateTestProbe();
        var tracker = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("cross_entropy"), [true, false], logits, labels);
        var consumer = Consumer(id);

        SendValue(logits, subscriptions[0], Tensor.Zeros(2, 3));
        SendValue(labels, subscriptions[1], Vector(0, 7));  // class 7 of 3

        var failure = await consumer.Probe.ExpectMsgAsync<InputFailed>();
        var actor = consumer.Probe.LastSender;   // the failed node's actor answers, and lives on
        Watch(actor);
        Assert.Equal(consumer.Id, failure.Node);
        Assert.Equal(id, failure.Origin);
        Assert.Equal("cross_entropy", failure.Op);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
        var expected = new RequestFailed(1, id, "cross_entropy", failure.Message);

        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(id, 1));
        Assert.Equal(expected, await asker.ExpectMsgAsync<RequestFailed>());
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (id, 1));
        var passFailed = await tracker.ExpectMsgAsync<PassFailed>();
        Assert.Equal((id, "cross_entropy"), (passFailed.Node, passFailed.Op));
        asker.Send(actor, new GetValue(id, 1));  // the actor is alive and keeps answering
        Assert.Equal(expected, await asker.ExpectMsgAsync<RequestFailed>());
        var late = Consumer(id, nodeActor: actor);
        Assert.Equal(id, (await late.Probe.ExpectMsgAsync<InputFailed>()).Origin);
        await ExpectNoMsgAsync(Quiet);  // no Terminated
    }

    [Fact]
    public async Task A_failure_propagates_downstream_naming_the_node_where_it_started()
    {
        var input = CreateTestProbe();
        var (failing, subscriptions) = OpOverProbes(new OpSpec("cross_entropy"), [false, false], input, input);
        var downstream = NewId();
        Define(downstream, new OpSpec("mul_scalar", 2f), [Local(failing)], [false]);
        SendValue(input, subscriptions[0], Tensor.Zeros(1, 2));
        SendValue(input, subscriptions[1], Vector(5));

        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(downstream, 1));
        var failure = await asker.ExpectMsgAsync<RequestFailed>();
        Assert.Equal(failing, failure.Origin);
        Assert.Equal("cross_entropy", failure.Op);
    }

    [Fact]
    public async Task An_unknown_op_fails_the_node_with_a_message_naming_the_op()
    {
        var id = NewId();
        Define(id, new OpSpec("frobnicate"), [], []);
        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(id, 1));
        var failure = await asker.ExpectMsgAsync<RequestFailed>();
        Assert.Equal("frobnicate", failure.Op);
        Assert.Contains("unknown op 'frobnicate'", failure.Message);
    }

    [Fact]
    public async Task A_message_the_host_does_not_know_gets_a_rejection()
    {
        Host.Tell(new SessionFreed(SessionId, 0));  // a reply, never a request
        var rejected = await ExpectMsgAsync<Rejected>();
        Assert.Equal(nameof(SessionFreed), rejected.MessageType);
    }

    [Fact]
    public async Task A_message_a_node_actor_cannot_handle_gets_a_rejection_and_the_actor_keeps_answering()
    {
        var x = Leaf(Vector(1));
        var actor = await ActorOfAsync(x);
        Watch(actor);

        actor.Tell(new GetValue(NewId(), 3));  // names another node
        var misrouted = await ExpectMsgAsync<Rejected>();
        Assert.Equal((3L, nameof(GetValue)), (misrouted.Request, misrouted.MessageType));
        actor.Tell(new InputValue(x, 0, Vector(2)));  // a leaf has no inputs
        Assert.Contains("cannot handle InputValue", (await ExpectMsgAsync<Rejected>()).Reason);
        actor.Tell(new GetHostStats());  // not a node message at all
        Assert.Equal(nameof(GetHostStats), (await ExpectMsgAsync<Rejected>()).MessageType);

        actor.Tell(new GetValue(x, 4));
        AssertValues([1], (await ExpectMsgAsync<NodeValue>()).Value);
    }

    [Fact]
    public async Task Defining_a_node_twice_gets_a_rejection_and_keeps_the_first_value()
    {
        var x = Leaf(Vector(1));
        Host.Tell(new CreateLeaf(x, Vector(2), false));
        Assert.Contains("already defined", (await ExpectMsgAsync<Rejected>()).Reason);
        Host.Tell(new GetValue(x, 1));
        AssertValues([1], (await ExpectMsgAsync<NodeValue>()).Value);
    }

    [Fact]
    public async Task A_node_that_is_referenced_but_never_created_fails_at_its_deadline()
    {
        var ghost = NewId();
        Host.Tell(new GetValue(ghost, 1));
        var failure = await ExpectMsgAsync<RequestFailed>();  // the host's deadline is 1 s; the wait's default is longer
        Assert.Equal(ghost, failure.Origin);
        Assert.Contains("never created", failure.Message);
    }
}
