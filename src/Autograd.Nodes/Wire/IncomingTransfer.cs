using System.Diagnostics;
using Akka.Actor;

namespace Autograd.Wire;

/// <summary>
/// One accepted transfer on the receiving side: the buffers its bytes go into, allocated once
/// when the offer is taken (the header's when it travels in bulk, then one float array per tensor,
/// which become the tensors' own arrays), the credit it grants, and its progress. The connection's
/// reading loop fills it; the <see cref="BulkReceiver"/> creates it, times it out and delivers it.
/// </summary>
internal sealed class IncomingTransfer
{
    private readonly Memory<byte>[] _parts;
    private int _part;
    private long _partOffset;
    private long _lastProgress = Stopwatch.GetTimestamp();

    public IncomingTransfer(BulkOffer offer, IActorRef sender, int window)
    {
        Offer = offer;
        Sender = sender;
        Header = offer.HeaderBytes > 0 ? GC.AllocateUninitializedArray<byte>(offer.HeaderBytes) : offer.Header;
        // Uninitialized: every byte is overwritten before anyone sees the arrays.
        Slots = offer.SlotCounts.Select(c => GC.AllocateUninitializedArray<float>(c)).ToArray();
        _parts = (offer.HeaderBytes > 0 ? [Header.AsMemory()] : Array.Empty<Memory<byte>>())
            .Concat(Slots.Select(FloatBytes.Of)).Where(p => p.Length > 0).ToArray();
        Total = offer.BulkBytes;
        Credit = new CreditWindow(Total, window);
    }

    public Guid Id => Offer.Transfer;

    public BulkOffer Offer { get; }

    /// <summary>The offer's sender: the message is delivered as from it.</summary>
    public IActorRef Sender { get; }

    public byte[] Header { get; }

    public float[][] Slots { get; }

    public long Total { get; }

    public CreditWindow Credit { get; }

    public bool IsComplete => Credit.Received == Total;

    public long LastProgress => Interlocked.Read(ref _lastProgress);

    /// <summary>Completes when every byte arrived; fails when the transfer is dropped.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Where the next <paramref name="length"/> bytes go: within one buffer (a sender's data frame
    /// never spans two), and within the credit granted (else the sender broke the protocol).
    /// </summary>
    public Memory<byte> Next(long length)
    {
        if (length > Credit.Outstanding)
            throw new InvalidDataException($"transfer {Id}: {length} bytes sent with {Credit.Outstanding} granted");
        if (_part >= _parts.Length || length > _parts[_part].Length - _partOffset || length == 0)
            throw new InvalidDataException($"transfer {Id}: a data frame of {length} bytes does not fit the announced sizes");
        return _parts[_part].Slice((int)_partOffset, (int)length);
    }

    /// <summary>The bytes <see cref="Next"/> gave are filled; returns the grant now due (0 for none).</summary>
    public long Filled(long length)
    {
        _partOffset += length;
        if (_partOffset == _parts[_part].Length)
        {
            _part++;
            _partOffset = 0;
        }
        Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());
        return Credit.OnReceived(length);
    }
}
