using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;
using AkkaTransport = Akka.Remote.Transport.Transport;

namespace Autograd.Transport;

/// <summary>
/// An Akka.Remote transport adapter (<c>akka.remote.adapters</c>, applied to <c>dot-netty.tcp</c> by
/// <see cref="TransportSettings.RemoteConfig"/>) that bounds the inbound connections of a member or
/// client: each connection the DotNetty transport accepts takes a slot of <see cref="InboundConnections"/>
/// before Akka.Remote sees it; beyond the maximum it is closed at once, counted and logged, and
/// Akka.Remote never reads from it. Outbound connections are not counted (the system chose them).
/// <para>
/// Slots are taken when the TCP connection opens, before the TLS handshake: a connection that never
/// authenticates holds its slot until the handshake fails or Akka's <c>handshake-timeout</c> closes it.
/// </para>
/// <para>
/// Unlike Akka's own adapters (<c>AbstractTransportAdapter</c>, whose name becomes part of every
/// address, <c>akka.trttl.tcp://</c>), it adds no scheme: addresses stay <c>akka.tcp</c> and
/// <c>akka.ssl.tcp</c>, so seeds, contact points and peers without the adapter are unaffected.
/// </para>
/// </summary>
public sealed class ConnectionLimitAdapter : ITransportAdapterProvider
{
    /// <summary>The adapter's name in <c>akka.remote.adapters</c> and <c>applied-adapters</c>.</summary>
    public const string Name = "autograd-connection-limit";

    public AkkaTransport Create(AkkaTransport wrappedTransport, ExtendedActorSystem system) =>
        new ConnectionLimitTransport(wrappedTransport, InboundConnections.Get(system), Logging.GetLogger(system, typeof(ConnectionLimitAdapter)));
}

/// <summary>The wrapped transport with a gate in front of its inbound connections; everything else passes through.</summary>
internal sealed class ConnectionLimitTransport : AkkaTransport
{
    private readonly AkkaTransport _wrapped;
    private readonly InboundConnections _connections;
    private readonly ILoggingAdapter _log;

    public ConnectionLimitTransport(AkkaTransport wrapped, InboundConnections connections, ILoggingAdapter log)
    {
        _wrapped = wrapped;
        _connections = connections;
        _log = log;
        System = wrapped.System;
        Config = wrapped.Config;
    }

    public override string SchemeIdentifier => _wrapped.SchemeIdentifier;

    public override long MaximumPayloadBytes => _wrapped.MaximumPayloadBytes;

    public override bool IsResponsibleFor(Address remote) => _wrapped.IsResponsibleFor(remote);

    public override Task<AssociationHandle> Associate(Address remoteAddress) => _wrapped.Associate(remoteAddress);

    public override Task<bool> Shutdown() => _wrapped.Shutdown();

    public override Task<bool> ManagementCommand(object message) => _wrapped.ManagementCommand(message);

    public override async Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        var (address, wrappedListener) = await _wrapped.Listen().ConfigureAwait(false);
        // Akka.Remote registers its listener with us; the wrapped transport holds its inbound
        // connections until it has one, so it gets the gate only then.
        var upstream = new TaskCompletionSource<IAssociationEventListener>();
        _ = upstream.Task.ContinueWith(registered =>
        {
            if (registered.IsCompletedSuccessfully) wrappedListener.TrySetResult(new Gate(registered.Result, this));
            else wrappedListener.TrySetCanceled();
        }, TaskContinuationOptions.ExecuteSynchronously);
        return (address, upstream);
    }

    private sealed class Gate(IAssociationEventListener upstream, ConnectionLimitTransport transport) : IAssociationEventListener
    {
        public void Notify(IAssociationEvent ev)
        {
            if (ev is not InboundAssociation inbound)
            {
                upstream.Notify(ev);
                return;
            }
            var handle = inbound.Association;
            if (transport._connections.TryOpen(handle.RemoteAddress))
                upstream.Notify(new InboundAssociation(new CountedHandle(handle, transport._connections)));
            else
                handle.Disassociate($"{InboundConnections.MaxPath} ({transport._connections.Max}) reached", transport._log);
        }
    }
}
