using Akka.Actor;
using Akka.Event;

namespace Autograd.Wire;

/// <summary>
/// Reassembles chunked messages (one per ActorSystem, at <c>/system/autograd-wire</c>) and
/// delivers each to its target. Chunks come from the network, so each is checked: sizes within
/// <see cref="WireSettings.MaxMessageBytes"/>, parts in order and within the announced total,
/// transfers finished within <see cref="WireSettings.ReassemblyTimeout"/>. A bad chunk drops its
/// transfer with an error log; the assembler goes on serving the others.
/// </summary>
internal sealed class ChunkAssembler : ReceiveActor, IWithTimers
{
    private sealed class Transfer(WireChunk first, DateTime started)
    {
        public WireChunk First { get; } = first;
        public DateTime Started { get; } = started;
        public List<byte[]> Parts { get; } = [];
        public long Received { get; set; }
    }

    private sealed record Sweep : INoSerializationVerificationNeeded
    {
        public static readonly Sweep Instance = new();
    }

    private readonly WireSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Guid, Transfer> _transfers = new();

    // Buffered bytes are bounded so a flood of half-sent transfers cannot exhaust memory.
    private long _buffered;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WireSettings settings) => Akka.Actor.Props.Create(() => new ChunkAssembler(settings));

    public ChunkAssembler(WireSettings settings)
    {
        _settings = settings;
        Receive<WireChunk>(Accept);
        Receive<Sweep>(_ => DropStale());
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("sweep", Sweep.Instance, _settings.ReassemblyTimeout / 2);

    private void Accept(WireChunk chunk)
    {
        if (Problem(chunk) is { } problem)
        {
            Drop(chunk.Transfer, $"rejected chunk at offset {chunk.Offset} of transfer {chunk.Transfer}: {problem}");
            return;
        }
        if (!_transfers.TryGetValue(chunk.Transfer, out var transfer))
            _transfers.Add(chunk.Transfer, transfer = new Transfer(chunk, DateTime.UtcNow));
        transfer.Parts.Add(chunk.Part);
        transfer.Received += chunk.Part.Length;
        _buffered += chunk.Part.Length;
        if (transfer.Received == chunk.TotalBytes)
            Deliver(chunk.Transfer, transfer);
    }

    /// <summary>What is wrong with <paramref name="chunk"/>, or null when it continues its transfer correctly.</summary>
    private string? Problem(WireChunk chunk)
    {
        if (chunk.Part is null || chunk.Part.Length == 0)
            return "empty part";
        if (chunk.Target is null || string.IsNullOrEmpty(chunk.Manifest))
            return "no target or manifest";
        if (chunk.TotalBytes <= 0 || chunk.TotalBytes > _settings.MaxMessageBytes)
            return $"announced size {chunk.TotalBytes} is outside (0, {_settings.MaxMessageBytes}]";
        if (_buffered + chunk.Part.Length > 2 * _settings.MaxMessageBytes)
            return $"{_buffered} bytes are already waiting for reassembly";
        _transfers.TryGetValue(chunk.Transfer, out var transfer);
        var expectedOffset = transfer?.Received ?? 0;
        if (chunk.Offset != expectedOffset)
            return $"expected offset {expectedOffset}";
        if (transfer is not null && (transfer.First.TotalBytes != chunk.TotalBytes || transfer.First.Manifest != chunk.Manifest))
            return "size or manifest differs from the transfer's first chunk";
        if (chunk.Offset + chunk.Part.Length > chunk.TotalBytes)
            return $"part of {chunk.Part.Length} bytes runs past the announced size {chunk.TotalBytes}";
        return null;
    }

    private void Deliver(Guid id, Transfer transfer)
    {
        Forget(id);
        var bytes = new byte[transfer.Received];
        long offset = 0;
        foreach (var part in transfer.Parts)
        {
            part.CopyTo(bytes, offset);
            offset += part.Length;
        }
        object message;
        try
        {
            message = AutogradWire.Get(Context.System).Deserialize(bytes, transfer.First.Manifest);
        }
        catch (Exception e)
        {
            _log.Error(e, "dropped chunked message '{0}' of {1} bytes for {2}: it does not deserialize",
                transfer.First.Manifest, bytes.Length, transfer.First.Target);
            return;
        }
        transfer.First.Target.Tell(message, transfer.First.OriginalSender ?? ActorRefs.NoSender);
    }

    private void DropStale()
    {
        var deadline = DateTime.UtcNow - _settings.ReassemblyTimeout;
        foreach (var (id, transfer) in _transfers.Where(t => t.Value.Started < deadline).ToList())
            Drop(id, $"transfer {id} of '{transfer.First.Manifest}' for {transfer.First.Target} incomplete after " +
                     $"{_settings.ReassemblyTimeout} ({transfer.Received} of {transfer.First.TotalBytes} bytes)");
    }

    private void Drop(Guid id, string why)
    {
        _log.Error("autograd wire: {0}; dropped", why);
        Forget(id);
    }

    private void Forget(Guid id)
    {
        if (_transfers.Remove(id, out var transfer))
            _buffered -= transfer.Received;
    }
}
