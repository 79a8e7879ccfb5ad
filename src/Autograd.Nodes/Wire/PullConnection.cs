using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace Autograd.Wire;

/// <summary>
/// The receiving side of one bulk connection, to one sender's bulk port: opened on the first
/// transfer pulled from that sender (connect, TLS, hello within <see cref="WireSettings.ConnectTimeout"/>)
/// and shared by every later one. <see cref="Pull"/> grants a transfer its first window; the reading
/// loop reads each data frame straight into the transfer's buffer and grants more as it goes
/// (<see cref="CreditWindow"/>). When the connection fails, every transfer on it fails.
/// </summary>
internal sealed class PullConnection : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, IncomingTransfer> _transfers = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<Stream> _stream;
    private readonly ILoggingAdapter _log;
    private long _lastActivity = Stopwatch.GetTimestamp();
    private volatile string? _failure;

    public PullConnection(string host, int port, Address self, BulkStreams streams, WireSettings settings, ILoggingAdapter log)
    {
        Endpoint = $"{host}:{port}";
        _log = log;
        _stream = OpenAsync(host, port, self, streams, settings.ConnectTimeout);
        _ = ReadAsync();
    }

    public string Endpoint { get; }

    /// <summary>Why the connection ended, or null while it serves.</summary>
    public string? Failure => _failure;

    public int Transfers { get { lock (_lock) return _transfers.Count; } }

    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>Starts pulling <paramref name="transfer"/>; its <see cref="IncomingTransfer.Done"/> tells how it ends.</summary>
    public void Pull(IncomingTransfer transfer)
    {
        lock (_lock)
        {
            if (_failure is { } failure)
            {
                transfer.Done.TrySetException(new IOException(failure));
                return;
            }
            _transfers.Add(transfer.Id, transfer);
        }
        _ = SendAsync(new BulkFrame(FrameKind.Grant, transfer.Id, transfer.Credit.Start()));
    }

    /// <summary>Gives up <paramref name="id"/> (idle, or the receiver stops): the sender is told to stop, its buffers are let go.</summary>
    public void Abort(Guid id, string reason)
    {
        IncomingTransfer? transfer;
        lock (_lock)
            if (!_transfers.Remove(id, out transfer)) return;
        transfer.Done.TrySetException(new TimeoutException(reason));
        _ = SendAsync(new BulkFrame(FrameKind.Cancel, id, 0));
    }

    private static async Task<Stream> OpenAsync(string host, int port, Address self, BulkStreams streams, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = await streams.ClientAsync(client, host, timeout.Token);
            await stream.WriteAsync(BulkFrame.Hello(self.ToString()), timeout.Token);
            return stream;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            client.Dispose();
            throw new TimeoutException($"no bulk connection to {host}:{port} within {deadline.TotalSeconds:0.#} s");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task SendAsync(BulkFrame frame)
    {
        var bytes = new byte[BulkFrame.HeaderBytes];
        frame.Write(bytes);
        try
        {
            var stream = await _stream;
            await _writing.WaitAsync(_stop.Token);
            try
            {
                await stream.WriteAsync(bytes, _stop.Token);
            }
            finally
            {
                _writing.Release();
            }
        }
        catch (Exception e)
        {
            Fail(e.Message);
        }
    }

    private async Task ReadAsync()
    {
        var header = new byte[BulkFrame.HeaderBytes];
        byte[]? scratch = null;
        try
        {
            var stream = await _stream;
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var frame = BulkFrame.Read(header);
                Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
                IncomingTransfer? transfer;
                lock (_lock) _transfers.TryGetValue(frame.Transfer, out transfer);
                switch (frame.Kind)
                {
                    case FrameKind.Data when transfer is null:
                        // Aborted here while its data was on the way: read past it.
                        scratch ??= new byte[64 * 1024];
                        for (long left = frame.Value; left > 0;)
                        {
                            int n = (int)Math.Min(left, scratch.Length);
                            await stream.ReadExactlyAsync(scratch.AsMemory(0, n), _stop.Token);
                            left -= n;
                        }
                        break;
                    case FrameKind.Data:
                        await stream.ReadExactlyAsync(transfer.Next(frame.Value), _stop.Token);
                        long grant = transfer.Filled(frame.Value);
                        if (grant > 0) _ = SendAsync(new BulkFrame(FrameKind.Grant, transfer.Id, grant));
                        if (transfer.IsComplete)
                        {
                            lock (_lock) _transfers.Remove(transfer.Id);
                            transfer.Done.TrySetResult();
                        }
                        break;
                    case FrameKind.Unknown:
                        lock (_lock) _transfers.Remove(frame.Transfer);
                        transfer?.Done.TrySetException(new IOException(
                            $"the sender at {Endpoint} does not offer transfer {frame.Transfer} (timed out there, or never offered to this system)"));
                        break;
                    default:
                        throw new InvalidDataException($"a sender sent a {frame.Kind} frame");
                }
            }
        }
        catch (Exception e)
        {
            Fail(e is EndOfStreamException ? $"the sender at {Endpoint} closed the bulk connection" : e.Message);
        }
    }

    /// <summary>The connection is unusable: every transfer on it fails, and it closes.</summary>
    private void Fail(string reason)
    {
        List<IncomingTransfer> failed;
        lock (_lock)
        {
            if (_failure is not null) return;
            _failure = $"bulk connection to {Endpoint}: {reason}";
            failed = [.. _transfers.Values];
            _transfers.Clear();
        }
        foreach (var transfer in failed) transfer.Done.TrySetException(new IOException(_failure));
        _stop.Cancel();
        _ = _stream.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) t.Result.Dispose();
        }, TaskScheduler.Default);
        _log.Debug(_failure);
    }

    public void Dispose() => Fail("closed by this system");
}
