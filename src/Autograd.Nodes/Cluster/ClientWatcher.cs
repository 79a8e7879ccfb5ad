using Akka.Actor;
using Akka.Event;
using Autograd.Protocol;

namespace Autograd.Cluster;

/// <summary>
/// One per member, at <c>/user/autograd-clients</c>: watches every remote client that opened a
/// session here and, when a client terminates (stops, or its process dies and the remote
/// failure detector gives up on it), frees its sessions in the local node host. Bound: the
/// member's watch pause (<see cref="Transport.TransportSettings.ClientWatchPause"/>) plus about two
/// heartbeats (docs/operations.md). That pause is longer than a member can be frozen without being
/// downed, so a member that resumes after a freeze does not take its own silence for its clients'.
/// <para>
/// Clients send <see cref="OpenSession"/> and <see cref="CloseSession"/> to the node host, which
/// checks who sends them and tells this actor (<see cref="Watch"/>, <see cref="Forget"/>); it takes
/// those from the node host only, so nobody else can make it free a session.
/// </para>
/// </summary>
public sealed class ClientWatcher : ReceiveActor
{
    public const string Name = "autograd-clients";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, HashSet<Guid>> _sessionsByClient = new();
    private readonly Dictionary<Guid, IActorRef> _clientBySession = new();
    private readonly ActorPath _nodeHost;

    /// <summary>Frees sessions through the node host at <c>/user/autograd-nodes</c> of this system.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new ClientWatcher());

    public ClientWatcher()
    {
        _nodeHost = Self.Path.Root / "user" / AutogradConfig.NodeHostName;
        Receive<Watch>(FromNodeHost, watch =>
        {
            if (!_sessionsByClient.TryGetValue(watch.Client, out var sessions))
            {
                _sessionsByClient.Add(watch.Client, sessions = []);
                Context.Watch(watch.Client);
            }
            sessions.Add(watch.Session);
            _clientBySession[watch.Session] = watch.Client;
        });
        Receive<Forget>(FromNodeHost, forget =>
        {
            if (_clientBySession.Remove(forget.Session, out var client) && _sessionsByClient.TryGetValue(client, out var sessions))
                sessions.Remove(forget.Session);
        });
        Receive<Terminated>(t =>
        {
            if (!_sessionsByClient.Remove(t.ActorRef, out var sessions)) return;
            // A client that stopped (its system shut down) is a normal event, with or without open sessions;
            // one its failure detector gave up on (AddressTerminated) crashed, or is cut off.
            if (sessions.Count == 0 || !t.AddressTerminated)
                _log.Info("client {0} disconnected{1}", t.ActorRef.Path.Address, sessions.Count == 0 ? "" : $"; freeing its {sessions.Count} open session(s)");
            else
                _log.Warning("client {0} silent for longer than the watch pause (crashed or cut off); freeing its {1} open session(s)",
                    t.ActorRef.Path.Address, sessions.Count);
            var host = Context.ActorSelection(_nodeHost);
            foreach (var session in sessions)
            {
                _clientBySession.Remove(session);
                host.Tell(new FreeSession(session), Self);
            }
        });
        // The node host's confirmation of a FreeSession sent above: nothing more to do.
        Receive<SessionFreed>(_ => { });
    }

    private bool FromNodeHost(object _) => Sender.Path.Equals(_nodeHost);

    /// <summary>Node host → watcher: <paramref name="Client"/> opened <paramref name="Session"/>; free it if the client goes away. Local only.</summary>
    public sealed record Watch(Guid Session, IActorRef Client) : INoSerializationVerificationNeeded;

    /// <summary>Node host → watcher: the session was closed or freed. Local only.</summary>
    public sealed record Forget(Guid Session) : INoSerializationVerificationNeeded;
}
