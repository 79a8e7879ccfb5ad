using Akka.Actor;
using Akka.Event;
using Autograd.Protocol;

namespace Autograd.Cluster;

/// <summary>
/// One per member, at <c>/user/autograd-clients</c>: watches every remote client that opened a
/// session here and, when a client terminates (stops, or its process dies and the remote
/// failure detector gives up on it), frees its sessions in the local node host. Bound: the
/// remote watch failure detector's acceptable pause plus about two heartbeats (docs/operations.md).
/// </summary>
public sealed class ClientWatcher : ReceiveActor
{
    public const string Name = "autograd-clients";

    private readonly IActorRef _nodeHost;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, HashSet<Guid>> _sessionsByClient = new();
    private readonly Dictionary<Guid, IActorRef> _clientBySession = new();

    public static Props Props(IActorRef nodeHost) => Akka.Actor.Props.Create(() => new ClientWatcher(nodeHost));

    public ClientWatcher(IActorRef nodeHost)
    {
        _nodeHost = nodeHost;
        Receive<OpenSession>(open =>
        {
            if (!_sessionsByClient.TryGetValue(open.Client, out var sessions))
            {
                _sessionsByClient.Add(open.Client, sessions = []);
                Context.Watch(open.Client);
            }
            sessions.Add(open.Session);
            _clientBySession[open.Session] = open.Client;
        });
        Receive<CloseSession>(close =>
        {
            if (_clientBySession.Remove(close.Session, out var client) && _sessionsByClient.TryGetValue(client, out var sessions))
                sessions.Remove(close.Session);
        });
        Receive<Terminated>(t =>
        {
            if (!_sessionsByClient.Remove(t.ActorRef, out var sessions)) return;
            // A client that disposed its sessions before leaving is the normal case; open sessions mean it died.
            if (sessions.Count == 0) _log.Info("client {0} disconnected", t.ActorRef.Path.Address);
            else _log.Warning("client {0} went away; freeing its {1} open session(s)", t.ActorRef.Path.Address, sessions.Count);
            foreach (var session in sessions)
            {
                _clientBySession.Remove(session);
                _nodeHost.Tell(new FreeSession(session), Self);
            }
        });
        // The node host's confirmation of a FreeSession sent above: nothing more to do.
        Receive<SessionFreed>(_ => { });
    }
}
