using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Autograd.Host.Member;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Autograd.Host.Tests.Member;

/// <summary>Two real member hosts in this process, each with its own ActorSystem on loopback.</summary>
public class MemberHostTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_members_form_a_cluster_and_a_stopped_member_leaves_gracefully()
    {
        var seedPort = FreePort();
        var seed = $"akka.tcp://autograd@127.0.0.1:{seedPort}";
        using var first = MemberCommand.Build(["--port", seedPort.ToString(), "--seed", seed]);
        using var second = MemberCommand.Build(["--port", FreePort().ToString(), "--seed", seed]);
        using var cancel = new CancellationTokenSource(Deadline * 2);
        try
        {
            await first.StartAsync(cancel.Token);
            await second.StartAsync(cancel.Token);
            var firstCluster = Akka.Cluster.Cluster.Get(first.Services.GetRequiredService<ActorSystem>());
            var secondSystem = second.Services.GetRequiredService<ActorSystem>();
            var secondAddress = Akka.Cluster.Cluster.Get(secondSystem).SelfAddress;

            await WaitUntil(() => UpComputeMembers(firstCluster) == 2, "both members up");
            var config = secondSystem.Settings.Config;
            Assert.Equal(4L * 1024 * 1024, config.GetByteSize(Autograd.Wire.WireSettings.FrameSizePath));
            Assert.Contains("AutogradSerializer", config.GetString("akka.actor.serializers.autograd"));
            var host = await secondSystem.ActorSelection("/user/" + AutogradConfig.NodeHostName).ResolveOne(Deadline);
            Assert.NotNull(host);

            await second.StopAsync(cancel.Token);

            // A graceful leave removes the member (Exiting -> Removed) without it ever
            // becoming unreachable and being downed by the split brain resolver.
            await WaitUntil(() => firstCluster.State.Members.All(m => m.Address != secondAddress), "second member removed");
            Assert.DoesNotContain(firstCluster.State.Unreachable, m => m.Address == secondAddress);
            Assert.True(secondSystem.WhenTerminated.IsCompleted, "the stopped member's ActorSystem has terminated");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            await first.StopAsync(CancellationToken.None);
        }
    }

    private static int UpComputeMembers(Akka.Cluster.Cluster cluster) =>
        cluster.State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(MemberOptions.ComputeRole));

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
