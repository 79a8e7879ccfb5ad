using Akka.Actor;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

public sealed class ForwardSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public async Task Node_must_publish_its_value_to_every_subscriber_including_one_that_subscribes_after_the_value_exists()
    {
        var input = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("mul_scalar", 3f), [false], input);
        var early = Consumer(id, slot: 1);
        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(id, 1));

        SendValue(input, subscriptions[0], Vector(1, 2));

        var published = await early.Probe.ExpectMsgAsync<InputValue>();
        Assert.Equal((early.Id, 1), (published.Node, published.Slot));
        var actor = early.Probe.LastSender;   // straight from the node's actor, a child of the host
        Assert.Equal(Host.Path, actor.Path.Parent);
        AssertValues([3, 6], published.Value);
        AssertValues([3, 6], (await asker.ExpectMsgAsync<NodeValue>()).Value);

        var late = Consumer(id, slot: 0, nodeActor: actor);
        var again = await late.Probe.ExpectMsgAsync<InputValue>();
        Assert.Equal(late.Id, again.Node);
        AssertValues([3, 6], again.Value);
    }

    [Fact]
    public async Task Node_must_wait_for_all_inputs_before_computing()
    {
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        var (id, subscriptions) = OpOverProbes(new OpSpec("add"), [false, false], a, b);
        var consumer = Consumer(id);

        SendValue(a, subscriptions[0], Vector(1, 2));
        await consumer.Probe.ExpectNoMsgAsync(Quiet);

        SendValue(b, subscriptions[1], Vector(10, 20));
        AssertValues([11, 22], (await consumer.Probe.ExpectMsgAsync<InputValue>()).Value);
    }

    [Fact]
    public async Task A_batch_defines_its_ops_in_order_and_publishes_inputs_to_subscribers_on_other_hosts_through_their_hosts()
    {
        var x = Leaf(Vector(1, 2));
        var y = NewId();
        var z = NewId();
        var otherHost = CreateTestProbe();
        var remoteNode = NewId();
        Host.Tell(new CreateBatch(
            [new CreateOp(y, new OpSpec("mul_scalar", 2f), [Local(x)], [false]),
             new CreateOp(z, new OpSpec("sum"), [Local(y)], [false])],
            [new Subscribe(z, otherHost.Ref, remoteNode, 1)]));

        var published = await otherHost.ExpectMsgAsync<InputValue>();
        Assert.Equal((remoteNode, 1), (published.Node, published.Slot));
        AssertValues([6], published.Value);
        Assert.Equal(await ActorOfAsync(z), otherHost.LastSender);  // from the node's actor: gradients go straight back
    }

    [Fact]
    public async Task A_node_whose_remote_inputs_the_client_subscribed_sends_no_subscription_and_takes_values_through_its_host()
    {
        var input = CreateTestProbe();
        var id = NewId();
        var inputId = NewId();
        Define(id, new OpSpec("neg"), [new NodeRef(input.Ref, inputId)], [false]);
        var consumer = Consumer(id);
        await input.ExpectNoMsgAsync(Quiet);

        input.Send(Host, new InputValue(id, 0, Vector(5)));  // what the client's subscription delivers
        AssertValues([-5], (await consumer.Probe.ExpectMsgAsync<InputValue>()).Value);
    }

    [Fact]
    public async Task Node_must_compute_from_inputs_on_its_own_host()
    {
        var x = Leaf(Vector(1, 2, 3));
        var y = NewId();
        Define(y, new OpSpec("mul"), [Local(x), Local(x)], [false, false]);
        var z = NewId();
        Define(z, new OpSpec("sum"), [Local(y)], [false]);

        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(z, 1));
        var value = (await asker.ExpectMsgAsync<NodeValue>()).Value;
        Assert.Equal(0, value.Rank);
        Assert.Equal(14f, value.Item());
    }

    [Fact]
    public async Task Every_node_is_an_actor_of_its_own()
    {
        var x = Leaf(Vector(1));
        var y = NewId();
        Define(y, new OpSpec("neg"), [Local(x)], [false]);
        var xActor = await ActorOfAsync(x);
        var yActor = await ActorOfAsync(y);
        Assert.NotEqual(xActor, yActor);
        Assert.Equal(Host.Path, xActor.Path.Parent);
        Assert.Equal(Host.Path, yActor.Path.Parent);
    }

    [Fact]
    public async Task A_subscription_that_arrives_before_the_node_is_created_is_answered_once_it_is()
    {
        var id = NewId();
        var consumer = Consumer(id);
        await consumer.Probe.ExpectNoMsgAsync(Quiet);

        Host.Tell(new CreateLeaf(id, Vector(4, 5), false));
        AssertValues([4, 5], (await consumer.Probe.ExpectMsgAsync<InputValue>()).Value);
    }

    [Fact]
    public async Task A_detached_node_takes_its_sources_value()
    {
        var x = Leaf(Vector(7, 8), requiresGrad: true);
        var d = NewId();
        Host.Tell(new CreateDetached(d, Local(x)));
        var asker = CreateTestProbe();
        asker.Send(Host, new GetValue(d, 1));
        AssertValues([7, 8], (await asker.ExpectMsgAsync<NodeValue>()).Value);
    }
}
