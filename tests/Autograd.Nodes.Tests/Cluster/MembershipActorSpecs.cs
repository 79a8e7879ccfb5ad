using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;
using Akka.Util;
using Autograd.Cluster;

namespace Autograd.Nodes.Tests.Cluster;

/// <summary>The membership actor's answer follows the cluster's events: up compute members, reachable ones only, by incarnation.</summary>
public class MembershipActorSpecs() : Akka.TestKit.Xunit2.TestKit("akka.actor.provider = cluster")
{
    private static readonly Address A = new("akka.tcp", "autograd", "10.0.0.1", 4053);
    private static readonly Address B = new("akka.tcp", "autograd", "10.0.0.2", 4053);

    [Fact]
    public async Task An_unreachable_member_is_left_out_at_once_and_placed_on_again_when_reachable()
    {
        var membership = Sys.ActorOf(MembershipActor.Props());
        var a = Up(A, 1);
        var b = Up(B, 1);
        membership.Tell(new ClusterEvent.MemberUp(a));
        membership.Tell(new ClusterEvent.MemberUp(b));
        Assert.Equal([A.ToString(), B.ToString()], (await Members(membership)).Addresses);

        membership.Tell(new ClusterEvent.UnreachableMember(b));
        Assert.Equal([A.ToString()], (await Members(membership)).Addresses);

        membership.Tell(new ClusterEvent.ReachableMember(b));
        Assert.Equal([A.ToString(), B.ToString()], (await Members(membership)).Addresses);
    }

    [Fact]
    public async Task A_member_restarted_on_the_same_address_is_listed_with_its_new_incarnation_once_the_old_one_is_removed()
    {
        var membership = Sys.ActorOf(MembershipActor.Props());
        var old = Up(B, 1);
        membership.Tell(new ClusterEvent.MemberUp(Up(A, 1)));
        membership.Tell(new ClusterEvent.MemberUp(old));
        membership.Tell(new ClusterEvent.UnreachableMember(old));

        membership.Tell(new ClusterEvent.MemberUp(Up(B, 2)));
        membership.Tell(new ClusterEvent.MemberRemoved(Member(B, 1, MemberStatus.Removed), MemberStatus.Down));

        var members = await Members(membership);
        Assert.Equal([A.ToString(), B.ToString()], members.Addresses);
        Assert.Equal([1, 2], members.Uids);
    }

    [Fact]
    public async Task Members_without_the_compute_role_host_no_nodes()
    {
        var membership = Sys.ActorOf(MembershipActor.Props());
        membership.Tell(new ClusterEvent.MemberUp(Up(A, 1)));
        membership.Tell(new ClusterEvent.MemberUp(Up(B, 1, "frontend")));

        Assert.Equal([A.ToString()], (await Members(membership)).Addresses);
    }

    private static Member Up(Address address, int uid, string role = MemberRoles.Compute) => Member(address, uid, MemberStatus.Up, role);

    // Akka.Cluster makes members itself only (Member.Create is internal).
    private static Member Member(Address address, int uid, MemberStatus status, string role = MemberRoles.Compute) =>
        (Member)typeof(Member).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static,
                [typeof(UniqueAddress), typeof(int), typeof(MemberStatus), typeof(ImmutableHashSet<string>), typeof(AppVersion)])!
            .Invoke(null, [new UniqueAddress(address, uid), 1, status, ImmutableHashSet.Create(role), AppVersion.Zero])!;

    private Task<ComputeMembers> Members(IActorRef membership) => membership.Ask<ComputeMembers>(new GetComputeMembers(), RemainingOrDefault);
}
