using Akka.Actor;
using Autograd.Ops;
using MessagePack;

namespace Autograd.Protocol;

// Creating nodes and moving forward values, in the order a forward pass sends them.

/// <summary>Client → host: a leaf holding <paramref name="Value"/>.</summary>
[MessagePackObject]
public sealed record CreateLeaf(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] Tensor Value,
    [property: Key(2)] bool RequiresGrad) : INodeMessage;

/// <summary>
/// A node computing <paramref name="Op"/> over <paramref name="Inputs"/>, as an entry of a
/// <see cref="CreateBatch"/> (never a message of its own). <paramref name="InputsNeedGrad"/> says,
/// per input, whether a backward pass sends it a gradient (the input requires grad and the op is
/// differentiable there); the node requires grad when any does. The host subscribes the node to its
/// inputs on the same host; the client subscribes it to those on other hosts, in its batch to their hosts.
/// </summary>
[MessagePackObject]
public sealed record CreateOp(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] OpSpec Op,
    [property: Key(2)] NodeRef[] Inputs,
    [property: Key(3)] bool[] InputsNeedGrad);

/// <summary>
/// Client → host: everything a session built for this host since it last sent anything — op
/// definitions in creation order, then subscriptions of nodes on other hosts to inputs on this one
/// (each <see cref="Subscribe.Subscriber"/> is the subscriber's host, which routes the value on).
/// One message per host for a whole graph built between two awaits, instead of one per node.
/// </summary>
[MessagePackObject]
public sealed record CreateBatch(
    [property: Key(0)] CreateOp[] Ops,
    [property: Key(1)] Subscribe[] Subscriptions) : IAutogradMessage;

/// <summary>Client → host: a leaf that takes the value of <paramref name="Source"/> and never requires grad (Detach).</summary>
[MessagePackObject]
public sealed record CreateDetached(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] NodeRef Source) : INodeMessage;

/// <summary>
/// Subscriber node → input node <paramref name="Node"/> (straight to the input's actor when the
/// subscriber knows it, else through the input's host): send your value to the actor
/// <paramref name="Subscriber"/> (node <paramref name="SubscriberNode"/>) as its input
/// <paramref name="Slot"/> once you have it (at once if you already do).
/// </summary>
[MessagePackObject]
public sealed record Subscribe(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] IActorRef Subscriber,
    [property: Key(2)] NodeId SubscriberNode,
    [property: Key(3)] int Slot) : INodeMessage;

/// <summary>
/// Input node → subscriber node <paramref name="Node"/>, straight to the subscriber's actor: the value
/// of its input <paramref name="Slot"/>. The sender is the input's actor, where gradients go back.
/// </summary>
[MessagePackObject]
public sealed record InputValue(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] int Slot,
    [property: Key(2)] Tensor Value) : INodeMessage;

/// <summary>
/// Input node → subscriber node <paramref name="Node"/>: the input has no value because node
/// <paramref name="Origin"/> (<paramref name="Op"/>) failed; the subscriber fails the same way, so
/// failures propagate downstream naming where they started.
/// </summary>
[MessagePackObject]
public sealed record InputFailed(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] NodeId Origin,
    [property: Key(2)] string Op,
    [property: Key(3)] string Message) : INodeMessage;

/// <summary>Client → node: reply with <see cref="NodeValue"/> once the value exists, or <see cref="RequestFailed"/>.</summary>
[MessagePackObject]
public sealed record GetValue(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Request) : INodeRequest;

/// <summary>Node → asker: the node's value.</summary>
[MessagePackObject]
public sealed record NodeValue(
    [property: Key(0)] long Request,
    [property: Key(1)] NodeId Node,
    [property: Key(2)] Tensor Value) : IReply;

/// <summary>
/// Node → asker: the request cannot be answered because node <paramref name="Origin"/>
/// (<paramref name="Op"/>) failed (the asked node itself or one upstream of it).
/// </summary>
[MessagePackObject]
public sealed record RequestFailed(
    [property: Key(0)] long Request,
    [property: Key(1)] NodeId Origin,
    [property: Key(2)] string Op,
    [property: Key(3)] string Message) : IReply;

/// <summary>
/// Any actor → sender of a message it cannot handle (unknown, duplicate, or for a freed session);
/// <paramref name="Request"/> echoes the request id when the message was a request, else 0.
/// </summary>
[MessagePackObject]
public sealed record Rejected(
    [property: Key(0)] long Request,
    [property: Key(1)] string MessageType,
    [property: Key(2)] string Reason) : IReply;

/// <summary>
/// Node host → the node actor it created: the node's definition (exactly one of <paramref name="Op"/>
/// and <paramref name="Detached"/>) and, per input, the input's actor when it lives on the same host:
/// the host has subscribed the node to those itself (null where the input lives elsewhere: the node
/// subscribes through that input's host). The host subscribes local inputs so each subscription
/// reaches the input before anything the host sends that input later (such as a release).
/// </summary>
[MessagePackObject]
public sealed record DefineNode(
    [property: Key(0)] CreateOp? Op,
    [property: Key(1)] CreateDetached? Detached,
    [property: Key(2)] IActorRef?[] SubscribedInputs) : INodeMessage
{
    [IgnoreMember]
    public NodeId Node => Op?.Node ?? Detached?.Node ?? default;
}
