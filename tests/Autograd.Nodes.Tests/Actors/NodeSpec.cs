using Akka.Actor;
using Akka.Configuration;
using Autograd.Actors;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>
/// Base of the message-level specs: an actor system that round-trips every message through the
/// autograd serializer, a node host under test (which creates a node actor per node), and helpers
/// that build messages with probes standing in for input nodes, consumer nodes and trackers.
/// </summary>
public abstract class NodeSpec : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    // The default wait of ExpectMsgAsync and AwaitAssertAsync only bounds how long a failing spec
    // takes (a passing one returns as soon as the message is there), so it is generous: the suite
    // shares two cores with compute-heavy tests, and Akka's 3 s leaves little room for a stall.
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.test.single-expect-default = 10s
            """)
        .WithFallback(AutogradConfig.SerializeAllMessages)
        .WithFallback(AutogradConfig.Default);

    /// <param name="hostTimeout">
    /// How long a node waits for its definition; only a spec of that deadline waits for it, so the
    /// default is long enough that no stall of a loaded machine makes another spec's node fail.
    /// </param>
    /// <param name="config">Settings in front of the specs' own (such as a test scheduler).</param>
    protected NodeSpec(ITestOutputHelper output, TimeSpan? hostTimeout = null, Config? config = null)
        : base(config is null ? SpecConfig : config.WithFallback(SpecConfig), output: output)
    {
        Host = Sys.ActorOf(NodeHost.Props(hostTimeout ?? TimeSpan.FromSeconds(30)), AutogradConfig.NodeHostName);
    }

    protected IActorRef Host { get; }

    protected Guid SessionId { get; } = Guid.NewGuid();

    private long _lastSeq;
    private long _lastPass;

    protected NodeId NewId() => new(SessionId, ++_lastSeq);

    protected long NewPass() => ++_lastPass;

    protected static Tensor Vector(params float[] values) => Tensor.FromArray(values, values.Length);

    protected NodeRef Local(NodeId id) => new(Host, id);

    /// <summary>A leaf on the host under test.</summary>
    protected NodeId Leaf(Tensor value, bool requiresGrad = false)
    {
        var id = NewId();
        Host.Tell(new CreateLeaf(id, value, requiresGrad));
        return id;
    }

    /// <summary>Defines op node <paramref name="id"/> as the client does: in a batch to its host.</summary>
    protected void Define(NodeId id, OpSpec op, NodeRef[] inputs, bool[] needsGrad) =>
        Host.Tell(new CreateBatch([new CreateOp(id, op, inputs, needsGrad)], []));

    /// <summary>
    /// A node whose inputs live on probes acting as other members' hosts. Returns the node and, per
    /// input in slot order, the subscription the client makes in its batch to that input's host: its
    /// subscriber is the node's host, which routes the value on to the node's actor.
    /// </summary>
    protected (NodeId Id, Subscribe[] Subscriptions) OpOverProbes(OpSpec op, bool[] needsGrad, params Akka.TestKit.TestProbe[] inputs)
    {
        var id = NewId();
        var refs = inputs.Select(p => new NodeRef(p.Ref, NewId())).ToArray();
        Define(id, op, refs, needsGrad);
        return (id, refs.Select((r, slot) => new Subscribe(r.Id, Host, id, slot)).ToArray());
    }

    /// <summary>The probe, acting as an input node, answers a subscription with its value (so gradients come back to it).</summary>
    protected static void SendValue(Akka.TestKit.TestProbe input, Subscribe subscription, Tensor value) =>
        input.Send(subscription.Subscriber, new InputValue(subscription.SubscriberNode, subscription.Slot, value));

    /// <summary>
    /// A consumer node played by a probe subscribes to <paramref name="node"/>, through the host or
    /// straight to the node's actor when given; returns the probe and the consumer's id.
    /// </summary>
    protected (Akka.TestKit.TestProbe Probe, NodeId Id) Consumer(NodeId node, int slot = 0, IActorRef? nodeActor = null)
    {
        var probe = CreateTestProbe();
        var consumer = new NodeId(node.Session, ++_lastSeq);  // a node subscribes only within its session
        probe.Send(nodeActor ?? Host, new Subscribe(node, probe.Ref, consumer, slot));
        return (probe, consumer);
    }

    /// <summary>The actor of a node that has a value: a consumer subscribes through the host and sees who answers.</summary>
    protected async Task<IActorRef> ActorOfAsync(NodeId node)
    {
        var (probe, _) = Consumer(node);
        await probe.ExpectMsgAsync<InputValue>();
        Assert.NotEqual(Host, probe.LastSender);
        return probe.LastSender;
    }

    /// <summary>A gradient through the host, as the client sends the seed.</summary>
    protected void SendGradient(NodeId node, long pass, Tensor value) => Host.Tell(new Gradient(node, pass, value));

    protected void Plan(long pass, IActorRef tracker, bool retain = false, params (NodeId Node, int Count)[] counts) =>
        Host.Tell(new BackwardPlan(SessionId, pass, counts.Select(c => c.Node.Seq).ToArray(),
            counts.Select(c => c.Count).ToArray(), retain, tracker));

    protected static void AssertValues(float[] expected, Tensor actual, float tolerance = 1e-5f)
    {
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(MathF.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {values[i]}");
    }
}
