using Akka.Actor;
using Akka.Cluster;
using Autograd.Host.Member;

namespace Autograd.Host.Tests.Member;

/// <summary>Two real member hosts in this process, each with its own ActorSystem on loopback.</summary>
public class MemberHostTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_members_form_a_cluster_and_a_stopped_member_leaves_gracefully()
    {
        using var cancel = new CancellationTokenSource(Deadline * 2);
        await using var hosts = await TwoMemberHosts.StartAsync(cancel.Token);
        var firstCluster = Akka.Cluster.Cluster.Get(TwoMemberHosts.SystemOf(hosts.First));
        var secondSystem = TwoMemberHosts.SystemOf(hosts.Second);
        var secondAddress = Akka.Cluster.Cluster.Get(secondSystem).SelfAddress;

        await WaitUntil(() => UpComputeMembers(firstCluster) == 2, "both members up");
        var config = secondSystem.Settings.Config;
        Assert.Equal(4L * 1024 * 1024, config.GetByteSize(Autograd.Wire.WireSettings.FrameSizePath));
        Assert.Contains("AutogradSerializer", config.GetString("akka.actor.serializers.autograd"));
        var host = await secondSystem.ActorSelection("/user/" + AutogradConfig.NodeHostName).ResolveOne(Deadline);
        Assert.NotNull(host);
        // A member process runs its node actors on threads of its own, not on the thread pool remoting uses.
        Assert.Equal("fork-join-executor", config.GetString($"{AutogradConfig.ComputeDispatcher}.executor"));
        Assert.False(await OnComputeDispatcher(secondSystem, () => Thread.CurrentThread.IsThreadPoolThread));
        // ...and its scheduler ticks at the pace of its timers (seconds), not every 10 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.GetTimeSpan("akka.scheduler.tick-duration"));

        await hosts.Second.StopAsync(cancel.Token);

        // A graceful leave removes the member (Exiting -> Removed) without it ever
        // becoming unreachable and being downed by the split brain resolver.
        await WaitUntil(() => firstCluster.State.Members.All(m => m.Address != secondAddress), "second member removed");
        Assert.DoesNotContain(firstCluster.State.Unreachable, m => m.Address == secondAddress);
        Assert.True(secondSystem.WhenTerminated.IsCompleted, "the stopped member's ActorSystem has terminated");
    }

    /// <summary>What <paramref name="probe"/> says when run where node actors run.</summary>
    private static Task<T> OnComputeDispatcher<T>(ActorSystem system, Func<T> probe)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.Dispatchers.Lookup(AutogradConfig.ComputeDispatcher).Schedule(() => answer.SetResult(probe()));
        return answer.Task.WaitAsync(Deadline);
    }

    private static int UpComputeMembers(Akka.Cluster.Cluster cluster) =>
        cluster.State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(Autograd.Cluster.MemberRoles.Compute));

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"not within {Deadline}: {what}");
            await Task.Delay(50);
        }
    }
}
