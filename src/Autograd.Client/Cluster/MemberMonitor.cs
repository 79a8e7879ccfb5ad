using Akka.Actor;
using Autograd.Cluster;

namespace Autograd.Client.Cluster;

/// <summary>
/// Watches the engine's node hosts and tells the <see cref="MemberTracker"/> about each incarnation
/// that is gone, so every wait on it can fail at once instead of at its deadline: a host that
/// terminates (its member left, crashed and was detected, or was downed), and a host that answers
/// as a different actor than before (its member was restarted on the same address). The second needs
/// asking (<see cref="Identify"/>, every <see cref="IdentifyInterval"/>): remote death watch heartbeats
/// an address, not an incarnation, and moves to the new one when it answers before the old one's
/// silence is noticed, so a member restarted within a few seconds would never be reported lost.
/// </summary>
internal sealed class MemberMonitor : ReceiveActor, IWithTimers
{
    /// <summary>How often each host is asked who it is.</summary>
    public static readonly TimeSpan IdentifyInterval = TimeSpan.FromSeconds(2);

    // Per watched host (a host's path is the same for every incarnation of its member): the member's
    // incarnation as the cluster numbered it, and the host actor's uid once it has answered.
    private readonly Dictionary<IActorRef, (int Member, long? Actor)> _watched = new();
    private readonly Dictionary<string, IActorRef> _byPath = new();
    private readonly MemberTracker _tracker;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(MemberTracker tracker) => Akka.Actor.Props.Create(() => new MemberMonitor(tracker));

    public MemberMonitor(MemberTracker tracker)
    {
        _tracker = tracker;
        Receive<Watch>(watch =>
        {
            for (int i = 0; i < watch.Members.Hosts.Length; i++)
            {
                var (host, uid) = (watch.Members.Hosts[i], watch.Members.Uids[i]);
                if (_watched.TryGetValue(host, out var watched))
                {
                    if (watched.Member == uid) continue;
                    // The cluster has a new incarnation there: the one watched is gone.
                    Context.Unwatch(host);
                    Gone(host);
                }
                _watched[host] = (uid, null);
                _byPath[host.Path.ToString()] = host;
                Context.Watch(host);
                host.Tell(new Identify(host.Path.ToString()));
            }
            Timers.StartPeriodicTimer("identify", IdentifyHosts.Instance, IdentifyInterval);
        });
        Receive<IdentifyHosts>(_ =>
        {
            foreach (var host in _watched.Keys) host.Tell(new Identify(host.Path.ToString()));
        });
        Receive<ActorIdentity>(identity =>
        {
            if (identity.MessageId is not string path || !_byPath.TryGetValue(path, out var host) || !_watched.TryGetValue(host, out var watched)) return;
            // Only the member's own system answers for it: an address Akka cannot reach right now (gated after
            // a failed connection) has its messages answered by local dead letters, which says nothing.
            if (!Sender.Path.Address.Equals(host.Path.Address)) return;
            var actor = identity.Subject?.Path.Uid;
            if (watched.Actor is null && actor is not null) _watched[host] = watched with { Actor = actor };
            else if (actor is null || actor != watched.Actor)
            {
                // Another system answers at that address now, without the host or with another one.
                Context.Unwatch(host);
                Gone(host);
            }
        });
        Receive<Terminated>(t => Gone(t.ActorRef));
    }

    private void Gone(IActorRef host)
    {
        if (!_watched.Remove(host, out var watched)) return;
        _byPath.Remove(host.Path.ToString());
        _tracker.Lost(host, watched.Member, Describe(host));
    }

    private static string Describe(IActorRef host) => host.Path.Address.HasGlobalScope ? host.Path.Address.ToString() : host.Path.ToString();

    /// <summary>Local only: the members to watch (watching one twice is harmless).</summary>
    public sealed record Watch(ComputeMembers Members) : INoSerializationVerificationNeeded;

    private sealed class IdentifyHosts : INoSerializationVerificationNeeded
    {
        public static readonly IdentifyHosts Instance = new();
    }
}
