using System.Diagnostics;
using Akka.Actor;

namespace Autograd.Wire;

/// <summary>
/// The sending side of one bulk connection, opened by a receiver (<see cref="Peer"/>): one loop
/// reads its grants and cancels, another writes data. Data of a transfer is written only within the
/// credit granted, straight from the transfer's buffers (the tensors' own arrays), in frames of at
/// most <see cref="WireSettings.DataFrameBytes"/> that never span two buffers; transfers with
/// credit take turns. A grant for a transfer not offered to the peer is answered with Unknown.
/// </summary>
internal sealed class ServedConnection(Stream stream, Address peer, OutgoingTransfers outgoing, WireSettings settings)
{
    private sealed class Serving(Outgoing transfer)
    {
        public Outgoing Transfer { get; } = transfer;
        public long Credit;
        public int Part;
        public long PartOffset;
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Serving> _serving = new();
    private readonly Queue<Guid> _unknown = new();
    private readonly Signal _work = new();
    private readonly CancellationTokenSource _stop = new();
    private long _lastProgress = Stopwatch.GetTimestamp();
    private int _next;

    public Address Peer => peer;

    /// <summary>Transfers this connection serves now.</summary>
    public int Transfers { get { lock (_lock) return _serving.Count; } }

    public long LastProgress => Interlocked.Read(ref _lastProgress);

    /// <summary>Runs until either loop ends (the peer closed, a protocol error, <see cref="Close"/>).</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
        var reading = ReadAsync(linked.Token);
        var writing = WriteAsync(linked.Token);
        try
        {
            await Task.WhenAny(reading, writing);
        }
        finally
        {
            await linked.CancelAsync();
            await stream.DisposeAsync();
            await Task.WhenAll(reading, writing).ContinueWith(_ => { }, TaskScheduler.Default);
            // Whatever it was serving cannot be pulled again: the receiver fails its side when the connection goes.
            lock (_lock)
                foreach (var id in _serving.Keys) outgoing.Remove(id);
        }
    }

    /// <summary>Closes the connection (idle, stalled, or the system stops).</summary>
    public void Close() => _stop.Cancel();

    private async Task ReadAsync(CancellationToken cancel)
    {
        var header = new byte[BulkFrame.HeaderBytes];
        while (!cancel.IsCancellationRequested)
        {
            await stream.ReadExactlyAsync(header, cancel);
            var frame = BulkFrame.Read(header);
            Touch();
            lock (_lock)
            {
                switch (frame.Kind)
                {
                    case FrameKind.Grant:
                        if (!_serving.TryGetValue(frame.Transfer, out var serving))
                        {
                            if (outgoing.Claim(frame.Transfer, peer, this) is not { } transfer)
                            {
                                _unknown.Enqueue(frame.Transfer);
                                break;
                            }
                            _serving.Add(frame.Transfer, serving = new Serving(transfer));
                        }
                        serving.Credit += frame.Value;
                        break;
                    case FrameKind.Cancel:
                        if (_serving.Remove(frame.Transfer)) outgoing.Remove(frame.Transfer);
                        break;
                    default:
                        throw new InvalidDataException($"a receiver sent a {frame.Kind} frame");
                }
            }
            _work.Set();
        }
    }

    private async Task WriteAsync(CancellationToken cancel)
    {
        var header = new byte[BulkFrame.HeaderBytes];
        while (!cancel.IsCancellationRequested)
        {
            if (Next() is not var (frame, payload))
            {
                await _work.WaitAsync(cancel);
                continue;
            }
            frame.Write(header);
            await stream.WriteAsync(header, cancel);
            if (!payload.IsEmpty) await stream.WriteAsync(payload, cancel);
            Touch();
        }
    }

    /// <summary>The next frame to write: an Unknown answer, or a piece of a transfer with credit (in turns).</summary>
    private (BulkFrame, ReadOnlyMemory<byte>)? Next()
    {
        lock (_lock)
        {
            if (_unknown.TryDequeue(out var unknown))
                return (new BulkFrame(FrameKind.Unknown, unknown, 0), ReadOnlyMemory<byte>.Empty);
            if (_serving.Count == 0) return null;
            var candidates = _serving.Values.ToArray();
            for (int i = 0; i < candidates.Length; i++)
            {
                var serving = candidates[(_next + i) % candidates.Length];
                if (serving.Credit <= 0) continue;
                _next = (_next + i + 1) % candidates.Length;
                var part = serving.Transfer.Parts[serving.Part];
                int length = (int)Math.Min(Math.Min(serving.Credit, settings.DataFrameBytes), part.Length - serving.PartOffset);
                var payload = part.Slice((int)serving.PartOffset, length);
                serving.Credit -= length;
                serving.PartOffset += length;
                if (serving.PartOffset == part.Length)
                {
                    serving.Part++;
                    serving.PartOffset = 0;
                }
                serving.Transfer.Touch();
                if (serving.Part == serving.Transfer.Parts.Count)
                {
                    // All of it is about to be written: forget it here and in the offers.
                    _serving.Remove(serving.Transfer.Id);
                    outgoing.Remove(serving.Transfer.Id);
                }
                return (new BulkFrame(FrameKind.Data, serving.Transfer.Id, length), payload);
            }
            return null;
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());
}
