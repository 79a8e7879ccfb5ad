using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Autograd.Cluster;

namespace Autograd.Host.Member;

/// <summary>The Akka.Hosting configuration of a member: remoting, clustering with a split
/// brain resolver, logging into Microsoft.Extensions.Logging, and the member's actors.</summary>
public static class MemberSetup
{
    public static AkkaConfigurationBuilder Configure(AkkaConfigurationBuilder akka, MemberOptions options)
    {
        var roles = options.EffectiveRoles;
        return akka
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(new RemoteOptions
            {
                HostName = options.Hostname,
                PublicHostName = options.PublicHostname,
                Port = options.Port,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = roles,
                SeedNodes = options.Seeds,
                // Keep-majority counted over the compute members only: on a partition the side
                // with most compute members stays up, the other side (and any client-role
                // members on it) is downed. Ties keep the side with the lowest address.
                SplitBrainResolver = new KeepMajorityOption { Role = MemberOptions.ComputeRole },
            })
            .AddHocon(
                $"""
                akka.cluster.split-brain-resolver.stable-after = {(int)Math.Ceiling(options.DownUnreachableAfter.TotalMilliseconds)}ms
                # Remote clients are not cluster members: they are watched through Akka.Remote's
                # failure detector. A dead client's sessions are freed ~5-7 s after its last heartbeat.
                akka.remote.watch-failure-detector.acceptable-heartbeat-pause = 4s
                """,
                HoconAddMode.Prepend)
            // The project-wide frame size, chunk size and serializer binding (the same on every
            // member and client), under everything set above.
            .AddHocon(AutogradConfig.Default, HoconAddMode.Append)
            .WithActors((system, _) =>
            {
                system.ActorOf(ClusterStatusLogger.Props(MemberOptions.ComputeRole), "cluster-status");
                // Only compute members host graph nodes.
                if (roles.Contains(MemberOptions.ComputeRole))
                    MemberActors.Start(system);
            });
    }
}
