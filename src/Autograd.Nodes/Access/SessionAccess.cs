using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace Autograd.Access;

/// <summary>
/// Who this actor system takes session messages from, one per system (an Akka extension): the
/// cluster's members (kept current by <see cref="MembersWatcher"/> on a cluster member), the owner
/// of each session that belongs to a client outside the cluster (written by the node host when the
/// client opens it, read by node actors for messages that come straight to them), the limits, and
/// the refusal counter and log shared by the host, its node actors and the wire.
/// </summary>
public sealed class SessionAccess : IExtension
{
    public const string WatcherName = "autograd-members";

    private readonly ConcurrentDictionary<Guid, Address> _outsideOwners = new();

    public SessionAccess(ExtendedActorSystem system)
    {
        Limits = AccessLimits.From(system.Settings.Config);
        Refusals = new RefusalLog(Logging.GetLogger(system, "autograd.access"), Limits.RefusalLogInterval);
        if (system.Provider is Akka.Cluster.ClusterActorRefProvider)
            system.SystemActorOf(MembersWatcher.Props(Members), WatcherName);
    }

    public static SessionAccess Get(ActorSystem system) => system.WithExtension<SessionAccess, SessionAccessProvider>();

    /// <summary>The cluster's members (none without a cluster: then only this system's own actors are trusted).</summary>
    public MemberAddresses Members { get; } = new();

    public AccessLimits Limits { get; }

    public RefusalLog Refusals { get; }

    /// <summary>The node host: <paramref name="session"/> belongs to <paramref name="client"/>, a system outside the cluster.</summary>
    internal void SetOutsideOwner(Guid session, Address client) => _outsideOwners[session] = client;

    internal void Forget(Guid session) => _outsideOwners.TryRemove(session, out _);

    /// <summary>
    /// Set by the node host when it starts: this system hosts nodes, so clients send it sessions'
    /// messages (and bulk transfers); a system without one (a remote client) takes transfers from members only.
    /// </summary>
    internal bool HostsNodes { get => Volatile.Read(ref _hostsNodes); set => Volatile.Write(ref _hostsNodes, value); }

    private bool _hostsNodes;

    /// <summary>The client outside the cluster that opened <paramref name="session"/> here, if any.</summary>
    internal Address? OwnerOf(Guid session) => _outsideOwners.TryGetValue(session, out var owner) ? owner : null;

    /// <summary>
    /// Whether a message naming <paramref name="session"/> may come straight to a node actor from
    /// <paramref name="sender"/>: an actor of this system or of a member, or of the session's own
    /// client. <paramref name="owner"/> is the caller's cache of that client's address.
    /// </summary>
    public bool Admits(Guid session, IActorRef sender, ref Address? owner)
    {
        if (sender.IsNobody()) return false;
        var address = sender.Path.Address;
        if (!address.HasGlobalScope) return true;
        if (owner is not null && (ReferenceEquals(owner, address) || owner.Equals(address))) return true;
        if (Members.Contains(address)) return true;
        if (!_outsideOwners.TryGetValue(session, out var known)) return false;
        owner = known;
        return known.Equals(address);
    }
}

public sealed class SessionAccessProvider : ExtensionIdProvider<SessionAccess>
{
    public override SessionAccess CreateExtension(ExtendedActorSystem system) => new(system);
}
