using Akka.Actor;
using Autograd.Cluster;

namespace Autograd.Client.Cluster;

/// <summary>
/// Watches the engine's node hosts and tells the <see cref="MemberTracker"/> about each one that
/// terminates (its member left, crashed and was detected, or was downed), naming the incarnation it
/// watched, so every wait on it can fail at once instead of at its deadline.
/// </summary>
internal sealed class MemberMonitor : ReceiveActor
{
    // The incarnation watched at each host (a host's path is the same for every incarnation of its member).
    private readonly Dictionary<IActorRef, int> _watched = new();

    public static Props Props(MemberTracker tracker) => Akka.Actor.Props.Create(() => new MemberMonitor(tracker));

    public MemberMonitor(MemberTracker tracker)
    {
        Receive<Watch>(watch =>
        {
            for (int i = 0; i < watch.Members.Hosts.Length; i++)
            {
                var (host, uid) = (watch.Members.Hosts[i], watch.Members.Uids[i]);
                if (_watched.TryGetValue(host, out var watched))
                {
                    if (watched == uid) continue;
                    // The cluster has a new incarnation there: the one watched is gone.
                    Context.Unwatch(host);
                    tracker.Lost(host, watched, Describe(host));
                }
                _watched[host] = uid;
                Context.Watch(host);
            }
        });
        Receive<Terminated>(t =>
        {
            if (_watched.Remove(t.ActorRef, out var uid)) tracker.Lost(t.ActorRef, uid, Describe(t.ActorRef));
        });
    }

    private static string Describe(IActorRef host) => host.Path.Address.HasGlobalScope ? host.Path.Address.ToString() : host.Path.ToString();

    /// <summary>Local only: the members to watch (watching one twice is harmless).</summary>
    public sealed record Watch(ComputeMembers Members) : INoSerializationVerificationNeeded;
}
