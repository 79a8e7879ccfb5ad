using Akka.Actor;
using Akka.Configuration;
using Autograd.Access;
using Autograd.Cluster;
using Autograd.Transport;

namespace Autograd.Client.Cluster;

/// <summary>
/// Several members in this process: one ActorSystem each, remoting on a free loopback port,
/// joined as a real Akka cluster, so every message between members is serialized and crosses
/// a socket exactly as between machines. The first system also hosts the client side.
/// </summary>
internal static class EmbeddedCluster
{
    /// <summary>
    /// Plain TCP on loopback only (every member is in this process), and faster failure handling than
    /// a deployed member, so tests of a lost member finish in seconds.
    /// </summary>
    private static readonly TransportSettings Transport = TransportSettings.Default with
    {
        Hostname = "127.0.0.1",
        Tls = TlsSettings.PlainText,
        StableAfter = TimeSpan.FromSeconds(2),
    };

    private static readonly Config MemberConfig = ConfigurationFactory.ParseString("""
        akka.cluster.log-info = off
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.remote.log-remote-lifecycle-events = off
        """)
        .WithFallback(Transport.ClusterConfig([MemberRoles.Compute], []))
        .WithFallback(Transport.BindConfig());

    /// <param name="logs">Where the members log (with <see cref="Logs.AkkaLogSetup.Config"/> in <paramref name="engineConfig"/>); Akka's own logger without it.</param>
    public static async Task<(ActorSystem[] Systems, ComputeMembers Members)> StartAsync(int members, Config engineConfig, TimeSpan deadline,
        Logs.AkkaLogSetup? logs = null)
    {
        var config = MemberConfig.WithFallback(engineConfig);
        var systems = new ActorSystem[members];
        try
        {
            for (int i = 0; i < members; i++)
            {
                systems[i] = ActorSystem.Create("autograd", logs is null ? AutogradEngine.Setup(config) : AutogradEngine.Setup(config, logs));
                MemberActors.Start(systems[i]);
            }
            var seed = Akka.Cluster.Cluster.Get(systems[0]).SelfAddress;
            foreach (var system in systems)
                Akka.Cluster.Cluster.Get(system).Join(seed);
            var hosts = await ComputeMembersAsync(systems[0], members, deadline);
            await TrustEachOtherAsync(systems, deadline);
            return (systems, hosts);
        }
        catch
        {
            await Task.WhenAll(systems.Where(s => s is not null).Select(s => s.Terminate()));
            throw;
        }
    }

    /// <summary>
    /// Stops the members the way a deployed cluster stops: each leaves (coordinated shutdown, which
    /// waits for the cluster to see it go) before its actor system terminates. Terminating them all
    /// at once instead leaves connections half-closed and each member logs warnings about the
    /// others. A member that does not finish leaving within <paramref name="deadline"/> is terminated.
    /// </summary>
    public static async Task StopAsync(IEnumerable<ActorSystem> members, TimeSpan deadline)
    {
        await Task.WhenAll(members.Select(async system =>
        {
            var left = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
            if (await Task.WhenAny(left, Task.Delay(deadline)) != left) await system.Terminate();
        }));
    }

    /// <summary>
    /// Waits until every member's <see cref="SessionAccess"/> lists all the others. Each learns of the
    /// others from its own cluster events, a few actor hops after the cluster converged, and refuses a
    /// value sent by a member it does not know yet: a first step started right away on a loaded
    /// machine would otherwise lose its values to that gap.
    /// </summary>
    private static async Task TrustEachOtherAsync(ActorSystem[] systems, TimeSpan deadline)
    {
        var addresses = systems.Select(s => Akka.Cluster.Cluster.Get(s).SelfAddress).ToArray();
        var until = DateTime.UtcNow + deadline;
        while (!systems.All(s => addresses.All(SessionAccess.Get(s).Members.Contains)))
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the embedded members did not all list each other as members within {deadline.TotalSeconds:0.#} s");
            await Task.Delay(5);
        }
    }

    /// <summary>Asks the local membership actor until it lists <paramref name="expected"/> compute members.</summary>
    internal static async Task<ComputeMembers> ComputeMembersAsync(ActorSystem system, int expected, TimeSpan deadline)
    {
        var membership = system.ActorSelection("/user/" + MembershipActor.Name);
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var members = await membership.Ask<ComputeMembers>(new GetComputeMembers(), deadline);
            if (members.Hosts.Length >= expected) return members;
            if (DateTime.UtcNow > until)
                throw new TimeoutException(
                    $"the embedded cluster has {members.Hosts.Length} of {expected} members up after {deadline.TotalSeconds:0.#} s");
            await Task.Delay(20);
        }
    }
}
