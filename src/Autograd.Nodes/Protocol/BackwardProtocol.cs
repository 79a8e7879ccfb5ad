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
/// </summary>
[MessagePackObject]
public sealed record BackwardPlan(
    [property: Key(0)] Guid Session,
    [property: Key(1)] long Pass,
    [property: Key(2)] long[] Seqs,
    [property: Key(3)] int[] Counts,
    [property: Key(4)] bool RetainGraph,
    [property: Key(5)] IActorRef Tracker,
    [property: Key(6)] Gradient? Seed = null) : IAutogradMessage;

/// <summary>
/// Client → root, and node → input: one gradient contribution to node <paramref name="Node"/> for
/// pass <paramref name="Pass"/> (the client's is the seed).
/// </summary>
[MessagePackObject]
public sealed record Gradient(
    [property: Key(0)] NodeId Node,
    [property: Key(1)] long Pass,
    [property: Key(2)] Tensor Value) : INodeMessage;

/// <summary>Leaf → tracker: the leaf received all its gradients of the pass and added them to its grad.</summary>
[MessagePackObject]
public sealed record LeafDone(
    [property: Key(0)] long Pass,
    [property: Key(1)] NodeId Node) : IAutogradMessage;

/// <summary>Node → tracker: the pass cannot complete; names the node and op where it failed.</summary>
[MessagePackObject]
public sealed record PassFailed(
    [property: Key(0)] long Pass,
    [property: Key(1)] NodeId Node,
    [property: Key(2)] string Op,
    [property: Key(3)] string Message) : IAutogradMessage;
