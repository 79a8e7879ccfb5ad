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
/// Client → host: a node computing <paramref name="Op"/> over <paramref name="Inputs"/>.
/// <paramref name="InputsNeedGrad"/> says, per input, whether a backward pass sends it a
/// gradient (the input requires grad and the op is differentiable there); the node requires
/// grad when any does.
/// </summary>
[MessagePackObject]
public sealed record CreateOp(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] OpSpec Op,
    [property: Key(2)] NodeRef[] Inputs,
    [property: Key(3)] bool[] InputsNeedGrad) : INodeMessage;

/// <summary>Client → host: a leaf that takes the value of <paramref name="Source"/> and never requires grad (Detach).</summary>
[MessagePackObject]
public sealed record CreateDetached(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] NodeRef Source) : INodeMessage;

/// <summary>
/// Subscriber's host → input node: send your value to <paramref name="Subscriber"/> as its input
/// <paramref name="Slot"/> once you have it (at once if you already do).
/// </summary>
[MessagePackObject]
public sealed record Subscribe(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] NodeRef Subscriber,
    [property: Key(2)] int Slot) : INodeMessage;

/// <summary>Input node → subscriber node <paramref name="Node"/>: the value of its input <paramref name="Slot"/>.</summary>
[MessagePackObject]
public sealed record InputValue(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] int Slot,
    [property: Key(2)] Tensor Value) : INodeMessage;

/// <summary>
/// Input node → subscriber node <paramref name="Node"/>: the input has no value because of
/// <paramref name="Failure"/>; the subscriber fails the same way, so failures propagate downstream.
/// </summary>
[MessagePackObject]
public sealed record InputFailed(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] ValueFailed Failure) : INodeMessage;

/// <summary>
/// Node → asker: the node could not compute its value. <paramref name="Node"/> and
/// <paramref name="Op"/> name the node where the failure started (maybe upstream).
/// </summary>
[MessagePackObject]
public sealed record ValueFailed(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] string Op,
    [property: Key(2)] string Message) : IAutogradMessage;

/// <summary>Client → node: reply with <see cref="NodeValue"/> once the value exists, or <see cref="ValueFailed"/>.</summary>
[MessagePackObject]
public sealed record GetValue([property: Key(0)] NodeId Node) : INodeMessage;

/// <summary>Node → asker: the node's value.</summary>
[MessagePackObject]
public sealed record NodeValue(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] Tensor Value) : IAutogradMessage;

/// <summary>Any actor → sender of a message it cannot handle (unknown, duplicate, or for a freed session).</summary>
[MessagePackObject]
public sealed record Rejected(
    [property: Key(0)] string MessageType,
    [property: Key(1)] string Reason) : IAutogradMessage;
