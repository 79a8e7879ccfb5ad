using Akka.Actor;
using Autograd.Protocol;
using MessagePack;

namespace Autograd.Cluster;

/// <summary>Client → a member's <see cref="MembershipActor"/>: which members host nodes, in placement order.</summary>
[MessagePackObject]
public sealed record GetComputeMembers : IAutogradMessage;

/// <summary>
/// The up and reachable members with the compute role, ordered by address (Akka's member ordering),
/// each as its node host: shard <c>i</c> of a session goes to <c>Hosts[i mod Hosts.Length]</c>.
/// <paramref name="Uids"/> tell incarnations apart: a member restarted on the same address is a new
/// member (a client that lost the old one places on the new one).
/// </summary>
[MessagePackObject]
public sealed record ComputeMembers(
    [property: Key(0)] IActorRef[] Hosts,
    [property: Key(1)] string[] Addresses,
    [property: Key(2)] int[] Uids) : IAutogradMessage;

/// <summary>
/// Remote client → every member's <see cref="ClientWatcher"/>: <paramref name="Session"/> belongs
/// to <paramref name="Client"/>; free it here if the client goes away without disposing it.
/// </summary>
[MessagePackObject]
public sealed record OpenSession(
    [property: Key(0)] Guid Session,
    [property: Key(1)] IActorRef Client) : IAutogradMessage;

/// <summary>Remote client → every member's <see cref="ClientWatcher"/>: the session was disposed normally.</summary>
[MessagePackObject]
public sealed record CloseSession([property: Key(0)] Guid Session) : IAutogradMessage;
