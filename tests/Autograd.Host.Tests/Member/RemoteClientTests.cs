using Akka.Actor;
using Autograd.Client;
using Autograd.Host.Tests.Transport;
using Autograd.Protocol;

namespace Autograd.Host.Tests.Member;

/// <summary>A remote client against two member hosts in this process (each its own ActorSystem on loopback, mutual TLS).</summary>
public class RemoteClientTests
{
    /// <summary>Members watch a client through Akka.Remote's failure detector, with a pause longer than a member
    /// can be frozen without being downed (10 s for these members, which down after 2 s): a client that
    /// vanishes has its sessions freed within about 12 s; 30 s leaves room for a loaded machine.</summary>
    private static readonly TimeSpan FreedBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sessions_of_a_client_that_goes_away_are_freed_on_every_member()
    {
        await using var hosts = await TwoMemberHosts.StartAsync();
        var members = new[] { hosts.First, hosts.Second }.Select(TwoMemberHosts.SystemOf).ToArray();
        var client = await ConnectWhenMembers(hosts.Seed, 2);

        var session = client.NewSession();
        var x = session.Variable(Tensor.Ones(4, 3), requiresGrad: true, sharding: Sharding.Rows(2));
        await x.Tanh().Sum().BackwardAsync();
        Assert.All(await Stats(members), s => Assert.True(s.Nodes > 0, "each member holds nodes of the session"));

        await client.System.Terminate();  // gone without disposing its session

        var until = DateTime.UtcNow + FreedBound;
        while ((await Stats(members)).Any(s => s.Nodes > 0))
        {
            Assert.True(DateTime.UtcNow < until, $"the session's nodes are still there after {FreedBound}");
            await Task.Delay(200);
        }
        Assert.All(await Stats(members), s => Assert.Equal(0, s.Sessions));
    }

    private static async Task<AutogradEngine> ConnectWhenMembers(string seed, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var engine = await AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = [seed], Timeout = TimeSpan.FromSeconds(10), Tls = TestCertificates.Client });
            if (engine.Hosts.Count == count) return engine;
            await engine.DisposeAsync();
            Assert.True(DateTime.UtcNow < until, $"{count} members not up within 20 s");
            await Task.Delay(200);
        }
    }

    private static async Task<HostStats[]> Stats(ActorSystem[] members) =>
        await Task.WhenAll(members.Select(m =>
            m.ActorSelection("/user/" + AutogradConfig.NodeHostName).Ask<HostStats>(new GetHostStats(), TimeSpan.FromSeconds(5))));
}
