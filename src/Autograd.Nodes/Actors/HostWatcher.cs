using Akka.Actor;

namespace Autograd.Actors;

/// <summary>Watches the node hosts backward passes run on and tells the tracker when one terminates.</summary>
internal sealed class HostWatcher(BackwardTracker tracker) : UntypedActor
{
    public static Props Props(BackwardTracker tracker) => Akka.Actor.Props.Create(() => new HostWatcher(tracker));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WatchHosts watch:
                foreach (var host in watch.Hosts) Context.Watch(host);
                break;
            case Terminated terminated:
                tracker.HostTerminated(terminated.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Local only: the tracker hands over hosts it has not watched yet.</summary>
    public sealed record WatchHosts(IActorRef[] Hosts) : INoSerializationVerificationNeeded;
}
