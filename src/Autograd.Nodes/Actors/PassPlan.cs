using Akka.Actor;

namespace Autograd.Actors;

/// <summary>
/// A node's share of a <see cref="Protocol.BackwardPlan"/>, handed over by its host (never on the
/// wire). It names no node, so the host passes one instance to every node with the same count.
/// </summary>
internal sealed record PassPlan(long Pass, int Count, bool RetainGraph, IActorRef Tracker);
