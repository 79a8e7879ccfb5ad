using Akka.Actor;
using Autograd.Actors;
using Autograd.Protocol;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>The plain classes the node actor delegates to, without any actor.</summary>
public sealed class GradientBufferTests
{
    private static Tensor V(params float[] v) => Tensor.FromArray(v, v.Length);

    [Fact]
    public void A_pass_is_ready_only_when_its_planned_count_of_gradients_has_arrived()
    {
        var buffer = new GradientBuffer();
        Assert.Null(buffer.Plan(1, 2, retainGraph: false, ActorRefs.Nobody));
        Assert.Null(buffer.Add(1, V(1, 2)));
        var ready = buffer.Add(1, V(10, 20));
        Assert.NotNull(ready);
        Assert.Equal([11f, 22f], ready.Sum!.ToArray());
        Assert.Equal(0, buffer.PassesInFlight);
    }

    [Fact]
    public void Gradients_before_the_plan_are_summed_and_released_by_it()
    {
        var buffer = new GradientBuffer();
        Assert.Null(buffer.Add(3, V(1)));
        Assert.Null(buffer.Add(3, V(2)));
        var ready = buffer.Plan(3, 2, retainGraph: true, ActorRefs.Nobody);
        Assert.NotNull(ready);
        Assert.True(ready.RetainGraph);
        Assert.Equal([3f], ready.Sum!.ToArray());
    }

    [Fact]
    public void Two_passes_in_flight_keep_separate_sums()
    {
        var buffer = new GradientBuffer();
        buffer.Plan(1, 2, false, ActorRefs.Nobody);
        buffer.Plan(2, 1, false, ActorRefs.Nobody);
        Assert.Null(buffer.Add(1, V(1)));
        Assert.Equal([5f], buffer.Add(2, V(5))!.Sum!.ToArray());
        Assert.Equal([8f], buffer.Add(1, V(7))!.Sum!.ToArray());
    }

    [Fact]
    public void Planning_a_pass_twice_or_with_no_gradients_is_an_error()
    {
        var buffer = new GradientBuffer();
        buffer.Plan(1, 2, false, ActorRefs.Nobody);
        Assert.Throws<InvalidOperationException>(() => buffer.Plan(1, 2, false, ActorRefs.Nobody));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Plan(2, 0, false, ActorRefs.Nobody));
    }
}

public sealed class SubscribersTests
{
    private static readonly NodeId Node = new(Guid.NewGuid(), 1);

    [Fact]
    public void Publishing_sends_subscribers_their_slot_and_askers_the_node_value_once()
    {
        var subscribers = new Subscribers();
        var a = new FakeRef("a");
        var b = new FakeRef("b");
        subscribers.Add(a, 1);
        subscribers.Add(b, Subscribers.Asker);
        var sent = new List<(IActorRef To, object Message)>();
        var value = Tensor.Scalar(2f);

        subscribers.Publish(Node, value, (to, m) => sent.Add((to, m)));
        subscribers.Publish(Node, value, (to, m) => sent.Add((to, m)));

        Assert.Equal(2, sent.Count);
        Assert.Equal((a, (object)new InputValue(1, value)), sent[0]);
        Assert.Equal((b, (object)new NodeValue(Node, value)), sent[1]);
        Assert.Equal(0, subscribers.Count);
    }

    [Fact]
    public void A_failure_reaches_every_subscriber()
    {
        var subscribers = new Subscribers();
        subscribers.Add(new FakeRef("a"), 0);
        subscribers.Add(new FakeRef("b"), Subscribers.Asker);
        var failure = new ValueFailed(Node, "log", "bad");
        var sent = new List<object>();
        subscribers.Fail(failure, (_, m) => sent.Add(m));
        Assert.Equal([failure, failure], sent);
    }

    private sealed class FakeRef(string name) : MinimalActorRef
    {
        public override ActorPath Path { get; } = new RootActorPath(Address.AllSystems) / name;
        public override IActorRefProvider Provider => throw new InvalidOperationException("not an actor");
    }
}
