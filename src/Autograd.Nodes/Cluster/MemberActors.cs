using Akka.Actor;
using Autograd.Actors;

namespace Autograd.Cluster;

/// <summary>The well-known actors every compute member runs: node host, membership, client watcher.</summary>
public static class MemberActors
{
    /// <summary>Starts them on <paramref name="system"/> (a cluster member with <see cref="AutogradConfig.Default"/>)
    /// and returns the node host.</summary>
    public static IActorRef Start(ActorSystem system)
    {
        Wire.AutogradWire.Get(system);  // the bulk receiver must exist before any offer arrives
        var timeout = system.Settings.Config.GetTimeSpan("autograd.timeout", TimeSpan.FromSeconds(30));
        var clients = system.ActorOf(ClientWatcher.Props(), ClientWatcher.Name);
        var host = system.ActorOf(NodeHost.Props(timeout, clients), AutogradConfig.NodeHostName);
        system.ActorOf(MembershipActor.Props(), MembershipActor.Name);
        return host;
    }
}
