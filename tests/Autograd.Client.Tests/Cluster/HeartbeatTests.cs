using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Autograd.Client.Cluster;
using Autograd.Protocol;
using Autograd.Wire;
using Xunit.Abstractions;

namespace Autograd.Client.Tests.Cluster;

/// <summary>Tests that move a gigabyte run alone, so their memory and timing are theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeTransfers
{
    public const string Name = "large transfers";
}

/// <summary>
/// Bulk bytes never starve the control connection: while 1 GB moves between two members of an
/// embedded cluster, a round trip over Akka.Remote (GetHostStats to the other member's node host,
/// the HostStats answer back) every 100 ms never waits more than 1 s for its answer, and the gap
/// between two answers stays under 1 s. Akka's own heartbeats share that connection, so they pass too.
/// </summary>
[Collection(LargeTransfers.Name)]
public sealed class HeartbeatTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task A_1_GB_transfer_between_members_delays_no_control_message_past_1_s()
    {
        var timeout = TimeSpan.FromSeconds(60);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(AutogradConfig.Default);
        var (members, hosts) = await EmbeddedCluster.StartAsync(2, config, timeout);
        try
        {
            var count = 1_000_000_000 / sizeof(float);  // 1 GB, within the default max-message-size of 1 GiB
            var data = GC.AllocateUninitializedArray<float>(count);
            for (int i = 0; i < count; i++) data[i] = i & 0xffff;
            var tensor = Tensor.Wrap(data, [count / 1000, 1000]);
            var target = CreateTestProbe(members[1]);
            var seen = ((ExtendedActorSystem)members[0]).Provider.ResolveActorRef(
                target.Ref.Path.ToStringWithAddress(((ExtendedActorSystem)members[1]).Provider.DefaultAddress));
            var otherHost = hosts.Hosts.Single(h => h.Path.Address.Equals(((ExtendedActorSystem)members[1]).Provider.DefaultAddress));
            var otherHostFromFirst = ((ExtendedActorSystem)members[0]).Provider.ResolveActorRef(otherHost.Path.ToString());

            using var stop = new CancellationTokenSource();
            var pings = PingAsync(members[0], otherHostFromFirst, stop.Token);
            await Task.Delay(500);  // pinging before the transfer starts
            var started = Stopwatch.GetTimestamp();
            AutogradWire.Get(members[0]).Tell(seen, new InputValue(new NodeId(Guid.NewGuid(), 1), 0, tensor), CreateTestProbe(members[0]).Ref);
            var received = await target.ExpectMsgAsync<InputValue>(timeout);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await Task.Delay(300);
            await stop.CancelAsync();
            var (largestGap, largestTrip, answers) = await pings;

            output.WriteLine($"1 GB member to member in {seconds:0.00} s ({1000 / seconds:0} MB/s); during it {answers} control round trips, " +
                             $"largest gap between answers {largestGap.TotalMilliseconds:0} ms, slowest round trip {largestTrip.TotalMilliseconds:0} ms");
            Assert.Equal(count, received.Value.Count);
            Assert.Equal(12345f, received.Value.Span[12345]);
            Assert.True(largestGap < TimeSpan.FromSeconds(1), $"a control answer came {largestGap.TotalMilliseconds:0} ms after the previous one");
            Assert.True(largestTrip < TimeSpan.FromSeconds(1), $"a control round trip took {largestTrip.TotalMilliseconds:0} ms");
        }
        finally
        {
            await EmbeddedCluster.StopAsync(members, TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>A GetHostStats round trip every 100 ms until cancelled: the largest gap between answers, the slowest trip, how many.</summary>
    private static async Task<(TimeSpan Gap, TimeSpan Trip, int Answers)> PingAsync(ActorSystem from, IActorRef host, CancellationToken stop)
    {
        TimeSpan gap = TimeSpan.Zero, trip = TimeSpan.Zero;
        int answers = 0;
        long last = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            long sent = Stopwatch.GetTimestamp();
            await host.Ask<HostStats>(new GetHostStats(), TimeSpan.FromSeconds(5));
            long now = Stopwatch.GetTimestamp();
            (trip, gap) = (Max(trip, Stopwatch.GetElapsedTime(sent, now)), Max(gap, Stopwatch.GetElapsedTime(last, now)));
            last = now;
            answers++;
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return (gap, trip, answers);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
