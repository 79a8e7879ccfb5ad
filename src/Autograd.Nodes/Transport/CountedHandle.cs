using Akka.Remote.Transport;
using Google.Protobuf;

namespace Autograd.Transport;

/// <summary>
/// An accepted inbound connection as Akka.Remote sees it: the wrapped handle, unchanged (same
/// addresses, writes and events), that gives its slot back to <see cref="InboundConnections"/> once,
/// on whichever comes first: the transport reporting the connection gone, or Akka.Remote closing it.
/// </summary>
internal sealed class CountedHandle : AssociationHandle
{
    private readonly AssociationHandle _wrapped;
    private readonly InboundConnections _connections;
    private int _closed;

    public CountedHandle(AssociationHandle wrapped, InboundConnections connections) : base(wrapped.LocalAddress, wrapped.RemoteAddress)
    {
        _wrapped = wrapped;
        _connections = connections;
        // The wrapped transport reads nothing until a listener is registered; Akka.Remote registers
        // one with this handle at once (and closes the handle if its handshake never completes).
        ReadHandlerSource.Task.ContinueWith(
            registered => wrapped.ReadHandlerSource.TrySetResult(new Events(registered.Result, this)),
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    public override bool Write(ByteString payload) => _wrapped.Write(payload);

    [Obsolete("Akka.Remote calls it through Disassociate(reason, log), which is not virtual")]
    public override void Disassociate()
    {
        Release();
        _wrapped.Disassociate();
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) _connections.Close();
    }

    private sealed class Events(IHandleEventListener upstream, CountedHandle handle) : IHandleEventListener
    {
        public void Notify(IHandleEvent ev)
        {
            if (ev is Disassociated) handle.Release();
            upstream.Notify(ev);
        }
    }
}
