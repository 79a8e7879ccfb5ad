using MessagePack;

namespace Autograd.Protocol;

// Reading and resetting a leaf's accumulated gradient.

/// <summary>Client → leaf: reply with <see cref="NodeGrad"/>.</summary>
[MessagePackObject]
public sealed record GetGrad(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Request) : INodeRequest;

/// <summary>Leaf → asker: the accumulated gradient, null before any pass reached it.</summary>
[MessagePackObject]
public sealed record NodeGrad(
    [property: Key(0)] long Request,
    [property: Key(1)] NodeId Node,
    [property: Key(2)] Tensor? Grad) : IReply;

/// <summary>Client → leaf: set the accumulated gradient to zeros (PyTorch's <c>x.grad.zero_()</c>); reply <see cref="GradZeroed"/>.</summary>
[MessagePackObject]
public sealed record ZeroGrad(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Request) : INodeRequest;

[MessagePackObject]
public sealed record GradZeroed(
    [property: Key(0)] long Request,
    [property: Key(1)] NodeId Node) : IReply;
