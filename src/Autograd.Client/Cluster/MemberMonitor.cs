using Akka.Actor;

namespace Autograd.Client.Cluster;

/// <summary>
/// Watches the engine's node hosts and tells the <see cref="MemberTracker"/> about each one that
/// terminates (its member left, crashed and was detected, or was downed), so every wait on it can
/// fail at once instead of at its deadline.
/// </summary>
internal sealed class MemberMonitor : ReceiveActor
{
    public static Props Props(MemberTracker tracker) => Akka.Actor.Props.Create(() => new MemberMonitor(tracker));

    public MemberMonitor(MemberTracker tracker)
    {
        Receive<Watch>(watch =>
        {
            foreach (var host in watch.Hosts) Context.Watch(host);
        });
        Receive<Terminated>(t =>
        {
            var address = t.ActorRef.Path.Address;
            tracker.Lost(t.ActorRef, address.HasGlobalScope ? address.ToString() : t.ActorRef.Path.ToString());
        });
    }

    /// <summary>Local only: hosts to watch (watching one twice is harmless).</summary>
    public sealed record Watch(IActorRef[] Hosts) : INoSerializationVerificationNeeded;
}
