using Akka.Actor;

namespace Autograd.Client.Cluster;

/// <summary>
/// Watches every node host of an engine and completes <c>lost</c> with the first member that
/// terminates (left, crashed and detected, or downed), so every wait of the engine can fail at
/// once instead of at its deadline.
/// </summary>
internal sealed class MemberMonitor : ReceiveActor
{
    public static Props Props(IReadOnlyList<IActorRef> hosts, TaskCompletionSource<string> lost) =>
        Akka.Actor.Props.Create(() => new MemberMonitor(hosts, lost));

    public MemberMonitor(IReadOnlyList<IActorRef> hosts, TaskCompletionSource<string> lost)
    {
        foreach (var host in hosts) Context.Watch(host);
        Receive<Terminated>(t =>
        {
            var address = t.ActorRef.Path.Address;
            lost.TrySetResult(address.HasGlobalScope ? address.ToString() : t.ActorRef.Path.ToString());
        });
    }
}
