using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Autograd.Cluster;

/// <summary>
/// One per member, at <c>/user/autograd-membership</c>: follows cluster membership and answers
/// <see cref="GetComputeMembers"/> with the up compute members in address order, so every client
/// and every session places shards the same way.
/// </summary>
public sealed class MembershipActor : ReceiveActor
{
    public const string Name = "autograd-membership";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ImmutableSortedSet<Address> _up = ImmutableSortedSet.Create(Member.AddressOrdering);

    public static Props Props() => Akka.Actor.Props.Create(() => new MembershipActor());

    public MembershipActor()
    {
        Receive<ClusterEvent.MemberUp>(e =>
        {
            if (e.Member.HasRole(MemberRoles.Compute)) _up = _up.Add(e.Member.Address);
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (e.Member.Status is MemberStatus.Exiting or MemberStatus.Removed or MemberStatus.Down or MemberStatus.Leaving)
                _up = _up.Remove(e.Member.Address);
        });
        Receive<GetComputeMembers>(_ => Sender.Tell(Snapshot()));
    }

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private ComputeMembers Snapshot()
    {
        var provider = ((ExtendedActorSystem)Context.System).Provider;
        // The provider resolves this member's own address to the local actor.
        var hosts = _up.Select(a => provider.ResolveActorRef(new RootActorPath(a) / "user" / AutogradConfig.NodeHostName)).ToArray();
        _log.Debug("compute members asked: {0}", string.Join(", ", _up));
        return new ComputeMembers(hosts, _up.Select(a => a.ToString()).ToArray());
    }
}

/// <summary>Cluster roles the engine knows.</summary>
public static class MemberRoles
{
    /// <summary>Members with this role host graph nodes.</summary>
    public const string Compute = "compute";
}
