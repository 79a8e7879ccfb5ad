using Akka.Actor;
using MessagePack;

namespace Autograd.Protocol;

// A backward pass, in the order it sends its messages.

/// <summary>
/// Client → each host holding nodes of the pass: the dependency count of every such node of
/// <paramref name="Session"/> (parallel arrays, one message per host). A node expects exactly
/// <c>Counts[i]</c> gradients (the root counts its seed). Nodes the host has not seen yet
/// are created waiting for their definition. The plan for the root's host carries the
/// <paramref name="Seed"/>, delivered after the counts: one message starts the pass there.
/// <paramref name="Leaves"/>: how many of the nodes are leaves whose <see cref="LeafDone"/> the tracker
/// waits for; from two on, the host gathers them and reports once (<see cref="LeavesDone"/>).
/// </summary>
[MessagePackObject]
public sealed record BackwardPlan(
    [property: Key(0)] Guid Session,
    [property: Key(1)] long Pass,
    [property: Key(2)] long[] Seqs,
    [property: Key(3)] int[] Counts,
    [property: Key(4)] bool RetainGraph,
    [property: Key(5)] IActorRef Tracker,
    [property: Key(6)] Gradient? Seed = null,
    [property: Key(7)] int Leaves = 0) : IAutogradMessage;

/// <summary>
/// Node host → node actor: its share of a <see cref="BackwardPlan"/>. The node expects
/// <paramref name="Count"/> gradients of <paramref name="Pass"/> and reports to <paramref name="Tracker"/>.
/// </summary>
[MessagePackObject]
public sealed record PassPlan(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Pass,
    [property: Key(2)] int Count,
    [property: Key(3)] bool RetainGraph,
    [property: Key(4)] IActorRef Tracker) : INodeMessage;

/// <summary>
/// Client → root (through its host), and node → input (straight to the input's actor): one gradient contribution to node <paramref name="Node"/> for
/// pass <paramref name="Pass"/> (the client's is the seed), sent by input <paramref name="FromSlot"/> of node
/// <paramref name="FromSeq"/> (0 and 0 for the seed): the receiver adds its gradients in that order, not as they arrive.
/// </summary>
[MessagePackObject]
public sealed record Gradient(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Pass,
    [property: Key(2)] Tensor Value,
    [property: Key(3)] long FromSeq = 0,
    [property: Key(4)] int FromSlot = 0) : INodeMessage;

/// <summary>Leaf → tracker: the leaf received all its gradients of the pass and added them to its grad.</summary>
[MessagePackObject]
public sealed record LeafDone(
    [property: Key(0)] long Pass,
    [property: Key(1)] NodeId Node) : IAutogradMessage;

/// <summary>
/// Node host → tracker: every leaf of <paramref name="Session"/> the host's share of the plan counted
/// received its gradients of the pass: one message instead of a <see cref="LeafDone"/> per leaf (the
/// tracker is usually on the client, across the network).
/// </summary>
[MessagePackObject]
public sealed record LeavesDone(
    [property: Key(0)] long Pass,
    [property: Key(1)] Guid Session,
    [property: Key(2)] long[] Seqs) : IAutogradMessage;

/// <summary>Node → tracker: the pass cannot complete; names the node and op where it failed.</summary>
[MessagePackObject]
public sealed record PassFailed(
    [property: Key(0)] long Pass,
    [property: Key(1)] NodeId Node,
    [property: Key(2)] string Op,
    [property: Key(3)] string Message) : IAutogradMessage;
