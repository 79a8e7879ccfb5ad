using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Autograd.Cluster;

/// <summary>
/// One per member, at <c>/user/autograd-membership</c>: follows cluster membership and reachability
/// and answers <see cref="GetComputeMembers"/> with the up compute members in address order, so every
/// client and every session places shards the same way. A member the cluster marks unreachable is
/// left out at once (and back when it is reachable again): a new session never lands on a member that
/// stopped answering, though the split brain resolver downs it only <c>stable-after</c> later.
/// </summary>
public sealed class MembershipActor : ReceiveActor
{
    public const string Name = "autograd-membership";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ImmutableSortedDictionary<Address, int> _up = ImmutableSortedDictionary.Create<Address, int>(Member.AddressOrdering);
    private ImmutableHashSet<UniqueAddress> _unreachable = [];

    public static Props Props() => Akka.Actor.Props.Create(() => new MembershipActor());

    public MembershipActor()
    {
        Receive<ClusterEvent.MemberUp>(e =>
        {
            if (e.Member.HasRole(MemberRoles.Compute)) _up = _up.SetItem(e.Member.Address, e.Member.UniqueAddress.Uid);
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (e.Member.Status is not (MemberStatus.Exiting or MemberStatus.Removed or MemberStatus.Down or MemberStatus.Leaving)) return;
            // Only this incarnation: a member restarted on the same address may already be up.
            if (_up.TryGetValue(e.Member.Address, out var uid) && uid == e.Member.UniqueAddress.Uid) _up = _up.Remove(e.Member.Address);
            if (e.Member.Status == MemberStatus.Removed) _unreachable = _unreachable.Remove(e.Member.UniqueAddress);
        });
        Receive<ClusterEvent.UnreachableMember>(e => _unreachable = _unreachable.Add(e.Member.UniqueAddress));
        Receive<ClusterEvent.ReachableMember>(e => _unreachable = _unreachable.Remove(e.Member.UniqueAddress));
        Receive<GetComputeMembers>(_ => Sender.Tell(Snapshot()));
    }

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private ComputeMembers Snapshot()
    {
        var provider = ((ExtendedActorSystem)Context.System).Provider;
        var members = _up.Where(m => !_unreachable.Contains(new UniqueAddress(m.Key, m.Value))).ToArray();
        _log.Debug("compute members asked: {0}", string.Join(", ", members.Select(m => m.Key)));
        return new ComputeMembers(
            // The provider resolves this member's own address to the local actor.
            members.Select(m => provider.ResolveActorRef(new RootActorPath(m.Key) / "user" / AutogradConfig.NodeHostName)).ToArray(),
            members.Select(m => m.Key.ToString()).ToArray(),
            members.Select(m => m.Value).ToArray());
    }
}

/// <summary>Cluster roles the engine knows.</summary>
public static class MemberRoles
{
    /// <summary>Members with this role host graph nodes.</summary>
    public const string Compute = "compute";
}
