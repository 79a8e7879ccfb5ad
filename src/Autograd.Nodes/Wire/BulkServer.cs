using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Autograd.Access;

namespace Autograd.Wire;

/// <summary>
/// Where receivers pull what this system offered: a TCP listener on <see cref="WireSettings.Port"/>
/// of the remoting host name. Each connection must complete its TLS handshake (when TLS is on) and
/// its hello within <see cref="WireSettings.ConnectTimeout"/>, and the hello must name a system this
/// one expects (a member, or one it offered something to); anything else is refused, counted and
/// logged. At most <see cref="WireSettings.MaxConnections"/> are served at once.
/// </summary>
internal sealed class BulkServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly WireSettings _settings;
    private readonly BulkStreams _streams;
    private readonly OutgoingTransfers _outgoing;
    private readonly Func<Address, bool> _expects;
    private readonly RefusalLog _refusals;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<ServedConnection, bool> _connections = new();
    private int _pending;

    /// <param name="expects">Whether a receiver that says it is this address may connect.</param>
    public BulkServer(IPAddress bind, WireSettings settings, BulkStreams streams, OutgoingTransfers outgoing,
        Func<Address, bool> expects, RefusalLog refusals, ILoggingAdapter log)
    {
        _settings = settings;
        _streams = streams;
        _outgoing = outgoing;
        _expects = expects;
        _refusals = refusals;
        _log = log;
        _listener = new TcpListener(bind, settings.Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Connections being served, after their hello.</summary>
    public int Connections => _connections.Count;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested) return;
                continue;  // one failed accept (the peer reset at once) must not stop the listener
            }
            if (_connections.Count + Volatile.Read(ref _pending) >= _settings.MaxConnections)
            {
                _refusals.Refuse((Address?)null, client.Client.RemoteEndPoint, "a bulk connection",
                    $"{_settings.MaxConnections} are open already (autograd.wire.max-connections)");
                client.Dispose();
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var peer = client.Client.RemoteEndPoint?.ToString() ?? "?";
        Interlocked.Increment(ref _pending);
        ServedConnection? connection = null;
        try
        {
            client.NoDelay = true;
            Stream stream;
            Address? address;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                handshake.CancelAfter(_settings.ConnectTimeout);
                stream = await _streams.ServerAsync(client, peer, handshake.Token);
                var hello = await BulkFrame.ReadHelloAsync(stream, handshake.Token);
                if (!Address.TryParse(hello, out address) || !_expects(address))
                {
                    _refusals.Refuse(address, peer, "a bulk connection",
                        $"it says it is '{(hello.Length > 200 ? hello[..200] + "..." : hello)}', which is neither a member nor a system offered anything");
                    await stream.DisposeAsync();
                    return;
                }
            }
            connection = new ServedConnection(stream, address, _outgoing, _settings);
            _connections[connection] = true;
            Interlocked.Decrement(ref _pending);
            await connection.RunAsync(_stop.Token);
        }
        catch (Exception e)
        {
            // Anything a peer can cause ends its connection only: the listener goes on.
            if (!_stop.IsCancellationRequested && connection is null)
                _refusals.Refuse((Address?)null, peer, "a bulk connection", $"no TLS handshake and hello within {_settings.ConnectTimeout}: {e.Message}");
            else if (!_stop.IsCancellationRequested)
                _log.Debug("bulk connection from {0} closed: {1}", connection!.Peer, e.Message);
        }
        finally
        {
            if (connection is null) Interlocked.Decrement(ref _pending);
            else _connections.TryRemove(connection, out _);
            client.Dispose();
        }
    }

    /// <summary>
    /// Closes connections that serve transfers but made no progress within the idle timeout (a
    /// receiver that stopped reading), and those that served nothing for twice as long.
    /// </summary>
    public void CloseIdle()
    {
        long now = Stopwatch.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            var idle = TimeSpan.FromSeconds((now - connection.LastProgress) / (double)Stopwatch.Frequency);
            if (idle > _settings.IdleTimeout * (connection.Transfers > 0 ? 1 : 2))
                connection.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var connection in _connections.Keys) connection.Close();
    }
}
