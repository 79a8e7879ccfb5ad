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
        Assert.Null(buffer.Add(1, 1, 0, V(1, 2)));
        var ready = buffer.Add(1, 2, 0, V(10, 20));
        Assert.NotNull(ready);
        Assert.Equal([11f, 22f], ready.Sum()!.ToArray());
        Assert.Equal(0, buffer.PassesInFlight);
    }

    [Fact]
    public void Gradients_before_the_plan_are_summed_and_released_by_it()
    {
        var buffer = new GradientBuffer();
        Assert.Null(buffer.Add(3, 3, 0, V(1)));
        Assert.Null(buffer.Add(3, 4, 0, V(2)));
        var ready = buffer.Plan(3, 2, retainGraph: true, ActorRefs.Nobody);
        Assert.NotNull(ready);
        Assert.True(ready.RetainGraph);
        Assert.Equal([3f], ready.Sum()!.ToArray());
    }

    [Fact]
    public void Two_passes_in_flight_keep_separate_sums()
    {
        var buffer = new GradientBuffer();
        buffer.Plan(1, 2, false, ActorRefs.Nobody);
        buffer.Plan(2, 1, false, ActorRefs.Nobody);
        Assert.Null(buffer.Add(1, 5, 0, V(1)));
        Assert.Equal([5f], buffer.Add(2, 6, 0, V(5))!.Sum()!.ToArray());
        Assert.Equal([8f], buffer.Add(1, 7, 0, V(7))!.Sum()!.ToArray());
    }

    [Fact]
    public void Gradients_are_added_in_the_order_of_their_edges_whatever_order_they_arrive_in()
    {
        // 1e8 + 1 - 1e8 is 0 in float32 when the 1 is added to 1e8 first, 1 when the two 1e8 cancel first
        float[] Sum(params (long Seq, int Slot, float Value)[] arrivals)
        {
            var buffer = new GradientBuffer();
            buffer.Plan(1, arrivals.Length, false, ActorRefs.Nobody);
            PassState? ready = null;
            foreach (var (seq, slot, value) in arrivals) ready = buffer.Add(1, seq, slot, V(value));
            return ready!.Sum()!.ToArray();
        }

        var inEdgeOrder = Sum((5, 0, 1e8f), (5, 1, -1e8f), (9, 0, 1f));
        Assert.Equal(inEdgeOrder, Sum((9, 0, 1f), (5, 1, -1e8f), (5, 0, 1e8f)));
        Assert.Equal(inEdgeOrder, Sum((5, 1, -1e8f), (9, 0, 1f), (5, 0, 1e8f)));
        Assert.Equal([1f], inEdgeOrder);
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

/// <summary>Records what a node sends, in order.</summary>
internal sealed class RecordingOutbox : INodeOutbox
{
    public static readonly IActorRef Host = new FakeRef("host");

    /// <summary>The recorded node's own actor.</summary>
    public IActorRef Self { get; } = new FakeRef("node");

    public List<(object To, object Message)> Sent { get; } = [];

    public List<string> Warnings { get; } = [];

    public void Send(NodeRef to, INodeMessage message) => Sent.Add((to, message));

    public void Tell(IActorRef to, object message) => Sent.Add((to, message));

    public void Warn(string text) => Warnings.Add(text);
}

internal sealed class FakeRef(string name) : MinimalActorRef
{
    public override ActorPath Path { get; } = new RootActorPath(Address.AllSystems) / name;
    public override IActorRefProvider Provider => throw new InvalidOperationException("not an actor");
}

public sealed class SubscribersTests
{
    private static readonly NodeId Node = new(Guid.NewGuid(), 1);

    [Fact]
    public void Publishing_sends_subscriber_nodes_their_slot_and_askers_the_node_value_once()
    {
        var subscribers = new Subscribers();
        var consumer = new FakeRef("consumer");
        var consumerId = Node with { Seq = 2 };
        var asker = new FakeRef("asker");
        subscribers.AddNode(consumer, consumerId, 1);
        subscribers.AddAsker(asker, 5);
        var outbox = new RecordingOutbox();
        var value = Tensor.Scalar(2f);

        subscribers.Publish(Node, value, outbox);
        subscribers.Publish(Node, value, outbox);

        Assert.Equal(2, outbox.Sent.Count);
        Assert.Equal((consumer, (object)new InputValue(consumerId, 1, value)), outbox.Sent[0]);
        Assert.Equal((asker, (object)new NodeValue(5, Node, value)), outbox.Sent[1]);
        Assert.Equal(0, subscribers.Count);
    }

    [Fact]
    public void A_failure_reaches_every_subscriber()
    {
        var subscribers = new Subscribers();
        var consumerId = Node with { Seq = 2 };
        subscribers.AddNode(new FakeRef("consumer"), consumerId, 0);
        subscribers.AddAsker(new FakeRef("asker"), 9);
        var failure = new NodeFailure(Node, "log", "bad");
        var outbox = new RecordingOutbox();
        subscribers.Fail(failure, outbox);
        Assert.Equal([new InputFailed(consumerId, Node, "log", "bad"), new RequestFailed(9, Node, "log", "bad")], outbox.Sent.Select(s => s.Message));
    }
}

public sealed class PassProgressTests
{
    private static readonly NodeId A = new(Guid.Empty, 1);
    private static readonly NodeId B = new(Guid.Empty, 2);

    [Fact]
    public void A_pass_is_complete_once_its_last_expected_leaf_reported()
    {
        var done = new TaskCompletionSource();
        var progress = new PassProgress(1, [A, B], [], done);
        Assert.False(progress.Report(A));
        Assert.False(progress.Report(A));
        Assert.False(progress.Complete());
        Assert.True(progress.Report(B));
        Assert.False(done.Task.IsCompleted);  // reporting never completes: the tracker does, outside its lock
        Assert.True(progress.Complete());
        Assert.True(done.Task.IsCompletedSuccessfully);
        Assert.False(progress.Report(B));
    }

    [Fact]
    public void A_pass_without_leaves_completes_at_once()
    {
        var done = new TaskCompletionSource();
        Assert.True(new PassProgress(1, [], [], done).Complete());
        Assert.True(done.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_timed_out_pass_names_the_missing_leaves()
    {
        var done = new TaskCompletionSource();
        var progress = new PassProgress(3, [A, B], [], done);
        progress.Report(B);
        progress.TimedOut(TimeSpan.FromSeconds(2));
        var e = await Assert.ThrowsAsync<TimeoutException>(() => done.Task);
        Assert.Contains(A.ToString(), e.Message);
        Assert.Contains("pass 3", e.Message);
    }
}
