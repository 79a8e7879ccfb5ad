using Autograd.Optim;
using MessagePack;

namespace Autograd.Protocol;

// Training: parameters (leaves that require grad) updated where they live. A client sends one
// message per member holding parameters; the member's host hands each parameter its share and
// answers once for all of them (ParameterBatches).

/// <summary>
/// Client → host: one optimizer step of the parameters <paramref name="Seqs"/> of
/// <paramref name="Session"/> on this member. Each is updated by its own node, beside its grad and
/// optimizer state; the host answers <see cref="ParametersDone"/> once all are, or the first failure.
/// </summary>
[MessagePackObject]
public sealed record StepParameters(
    [property: Key(0)] Guid Session,
    [property: Key(1)] long Request,
    [property: Key(2)] long[] Seqs,
    [property: Key(3)] OptimizerSpec Optimizer) : IHostRequest;

/// <summary>Client → host: set the grads of parameters <paramref name="Seqs"/> to zeros (<c>optimizer.zero_grad()</c>); answered like a step.</summary>
[MessagePackObject]
public sealed record ZeroGrads(
    [property: Key(0)] Guid Session,
    [property: Key(1)] long Request,
    [property: Key(2)] long[] Seqs) : IHostRequest;

/// <summary>
/// Host → parameter node (or a test → node): take one optimizer step with your gradient; reply
/// <see cref="ParameterStepped"/>. A parameter without a gradient is skipped, as in PyTorch.
/// </summary>
[MessagePackObject]
public sealed record StepParameter(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Request,
    [property: Key(2)] OptimizerSpec Optimizer) : INodeRequest;

[MessagePackObject]
public sealed record ParameterStepped(
    [property: Key(0)] long Request,
    [property: Key(1)] NodeId Node,
    [property: Key(2)] bool Skipped) : IReply;

/// <summary>Host → client: every parameter of the request is done; <paramref name="Skipped"/> had no gradient.</summary>
[MessagePackObject]
public sealed record ParametersDone(
    [property: Key(0)] long Request,
    [property: Key(1)] int Updated,
    [property: Key(2)] int Skipped) : IReply;

/// <summary>Client → parameter: reply <see cref="ParameterStateValue"/> with copies of its optimizer state.</summary>
[MessagePackObject]
public sealed record GetParameterState(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Request) : INodeRequest;

/// <summary>A parameter's optimizer state as named tensors (<see cref="ParameterState"/>); empty before its first step.</summary>
[MessagePackObject]
public sealed record ParameterStateValue(
    [property: Key(0)] long Request,
    [property: Key(1)] NodeId Node,
    [property: Key(2)] string[] Names,
    [property: Key(3)] Tensor[] Tensors) : IReply;

/// <summary>Client → parameter: replace its optimizer state (resuming from a checkpoint); reply <see cref="NodeUpdated"/>.</summary>
[MessagePackObject]
public sealed record SetParameterState(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Request,
    [property: Key(2)] string[] Names,
    [property: Key(3)] Tensor[] Tensors) : INodeRequest;

/// <summary>
/// Client → leaf: replace its value with <paramref name="Value"/> of the same shape (loading a state
/// dict, PyTorch's in-place <c>copy_</c>); reply <see cref="NodeUpdated"/>. Graphs built before keep the value they read.
/// </summary>
[MessagePackObject]
public sealed record AssignValue(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Request,
    [property: Key(2)] Tensor Value) : INodeRequest;

[MessagePackObject]
public sealed record NodeUpdated(
    [property: Key(0)] long Request,
    [property: Key(1)] NodeId Node) : IReply;
