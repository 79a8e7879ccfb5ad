using Akka.Actor;
using Akka.Cluster;

namespace Autograd.Access;

/// <summary>
/// Keeps <see cref="SessionAccess.Members"/> equal to the cluster's members: added as soon as they
/// join, removed when downed or removed (a member that is leaving still finishes what it sends).
/// Not only once Up: the leader moves a member to Up only after every member has seen it join, so a
/// member that just saw another one go Up may message a third that has not processed that change
/// yet, but has seen the join.
/// </summary>
internal sealed class MembersWatcher : ReceiveActor
{
    public MembersWatcher(MemberAddresses members)
    {
        Receive<ClusterEvent.MemberDowned>(e => members.Remove(e.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(e => members.Remove(e.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (e.Member.Status is not (MemberStatus.Down or MemberStatus.Removed) && !members.Contains(e.Member.Address))
                members.Add(e.Member.Address);
        });
    }

    public static Props Props(MemberAddresses members) => Akka.Actor.Props.Create(() => new MembersWatcher(members));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
