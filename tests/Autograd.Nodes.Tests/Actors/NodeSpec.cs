using Akka.Actor;
using Akka.Configuration;
using Autograd.Actors;
using Autograd.Ops;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>
/// Base of the message-level specs: an actor system that round-trips every message through the
/// autograd serializer, a node host under test, and helpers that build messages with probes
/// standing in for inputs, consumers and trackers.
/// </summary>
public abstract class NodeSpec : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            """)
        .WithFallback(AutogradConfig.SerializeAllMessages)
        .WithFallback(AutogradConfig.Default);

    protected NodeSpec(ITestOutputHelper output, TimeSpan? hostTimeout = null) : base(SpecConfig, output: output)
    {
        Host = Sys.ActorOf(NodeHost.Props(hostTimeout ?? TimeSpan.FromSeconds(5)), AutogradConfig.NodeHostName);
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

    /// <summary>
    /// A node whose inputs live on probes acting as other members' hosts: the node subscribes to
    /// each, so every probe receives a <see cref="Subscribe"/> naming the node.
    /// </summary>
    protected async Task<NodeId> OpOverProbes(OpSpec op, bool[] needsGrad, params Akka.TestKit.TestProbe[] inputs)
    {
        var id = NewId();
        var refs = inputs.Select(p => new NodeRef(p.Ref, NewId())).ToArray();
        Host.Tell(new CreateOp(id, op, refs, needsGrad));
        for (int i = 0; i < inputs.Length; i++)
        {
            var subscribe = await inputs[i].ExpectMsgAsync<Subscribe>();
            Assert.Equal(refs[i].Id, subscribe.Node);
            Assert.Equal(new NodeRef(Host, id), subscribe.Subscriber);
            Assert.Equal(i, subscribe.Slot);
        }
        return id;
    }

    /// <summary>The probe, acting as the host of an input node, delivers the input's value.</summary>
    protected void SendValue(Akka.TestKit.TestProbe input, NodeId node, int slot, Tensor value) =>
        input.Send(Host, new InputValue(node, slot, value));

    /// <summary>A consumer node hosted by a probe subscribes to <paramref name="node"/>; returns the probe and the consumer's id.</summary>
    protected (Akka.TestKit.TestProbe Probe, NodeId Id) Consumer(NodeId node, int slot = 0)
    {
        var probe = CreateTestProbe();
        var consumer = NewId();
        Host.Tell(new Subscribe(node, new NodeRef(probe.Ref, consumer), slot));
        return (probe, consumer);
    }

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
