using Akka.Actor;
using Akka.Event;
using Autograd.Access;

namespace Autograd.Wire;

/// <summary>
/// Reassembles chunked messages (one per ActorSystem, at <c>/system/autograd-wire</c>) and
/// delivers each to its target, as from the system that sent the chunks. Chunks come from the
/// network, so each is checked: a sender, the same one for every chunk of a transfer, a target in
/// this system, sizes within <see cref="WireSettings.MaxMessageBytes"/>, parts in order and within
/// the announced total, transfers finished within <see cref="WireSettings.ReassemblyTimeout"/>.
/// What it holds is bounded: per client (a sender that is not a member) a number of transfers and
/// of buffered bytes, and in all a number of bytes (<see cref="AccessLimits"/>). A refused chunk
/// drops its transfer, is counted and logged (at most once per sender per interval); the assembler
/// goes on serving the others.
/// </summary>
internal sealed class ChunkAssembler : ReceiveActor, IWithTimers
{
    private sealed class Transfer(WireChunk first, IActorRef sender, DateTime started)
    {
        public WireChunk First { get; } = first;
        public IActorRef Sender { get; } = sender;
        public Address Origin { get; } = sender.Path.Address;
        public DateTime Started { get; } = started;
        public List<byte[]> Parts { get; } = [];
        public long Received { get; set; }
    }

    /// <summary>What one sending system has in flight here.</summary>
    private sealed class Held
    {
        public int Transfers;
        public long Bytes;
    }

    private sealed record Sweep : INoSerializationVerificationNeeded
    {
        public static readonly Sweep Instance = new();
    }

    /// <summary>Local only: what the assembler holds now (diagnostics, tests).</summary>
    public sealed record GetStats : INoSerializationVerificationNeeded
    {
        public static readonly GetStats Instance = new();
    }

    public sealed record Stats(int Transfers, long BufferedBytes, int Senders) : INoSerializationVerificationNeeded;

    private readonly WireSettings _settings;
    private readonly AccessLimits _limits;
    private readonly MemberAddresses _members;
    private readonly RefusalLog _refusals;
    private readonly Dictionary<Guid, Transfer> _transfers = new();
    private readonly Dictionary<Address, Held> _held = new();
    private long _buffered;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WireSettings settings, SessionAccess access) => Akka.Actor.Props.Create(() => new ChunkAssembler(settings, access));

    public ChunkAssembler(WireSettings settings, SessionAccess access)
    {
        _settings = settings;
        _limits = access.Limits;
        _members = access.Members;
        _refusals = access.Refusals;
        Receive<WireChunk>(Accept);
        Receive<Sweep>(_ => DropStale());
        Receive<GetStats>(_ => Sender.Tell(new Stats(_transfers.Count, _buffered, _held.Count)));
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("sweep", Sweep.Instance, _settings.ReassemblyTimeout / 2);

    private void Accept(WireChunk chunk)
    {
        var sender = Sender;
        _transfers.TryGetValue(chunk.Transfer, out var transfer);
        if (Problem(chunk, sender, transfer) is { } problem)
        {
            _refusals.Refuse(sender, "a chunk", $"chunk at offset {chunk.Offset} of transfer {chunk.Transfer}: {problem}; transfer dropped",
                LogLevel.ErrorLevel);
            if (transfer is not null && transfer.Origin.Equals(sender.Path.Address)) Forget(chunk.Transfer);
            return;
        }
        if (transfer is null)
        {
            _transfers.Add(chunk.Transfer, transfer = new Transfer(chunk, sender, DateTime.UtcNow));
            HeldBy(transfer.Origin).Transfers++;
        }
        transfer.Parts.Add(chunk.Part);
        transfer.Received += chunk.Part.Length;
        _buffered += chunk.Part.Length;
        HeldBy(transfer.Origin).Bytes += chunk.Part.Length;
        if (transfer.Received == chunk.TotalBytes)
            Deliver(chunk.Transfer, transfer);
    }

    /// <summary>What is wrong with <paramref name="chunk"/>, or null when it continues its transfer correctly.</summary>
    private string? Problem(WireChunk chunk, IActorRef sender, Transfer? transfer)
    {
        if (sender.IsNobody())
            return "a chunk must have a sender";
        if (chunk.OriginalSender is { } original && !original.Path.Equals(sender.Path))
            return $"it claims to come from {original.Path}";
        if (chunk.Part is null || chunk.Part.Length == 0)
            return "empty part";
        if (chunk.Target is null || string.IsNullOrEmpty(chunk.Manifest))
            return "no target or manifest";
        if (chunk.Target.Path.Address.HasGlobalScope)
            return $"its target {chunk.Target.Path} is not in this system";
        if (chunk.TotalBytes <= 0 || chunk.TotalBytes > _settings.MaxMessageBytes)
            return $"announced size {chunk.TotalBytes} is outside (0, {_settings.MaxMessageBytes}]";
        if (transfer is not null && !transfer.Origin.Equals(sender.Path.Address))
            return "the transfer belongs to another sender";
        var expectedOffset = transfer?.Received ?? 0;
        if (chunk.Offset != expectedOffset)
            return $"expected offset {expectedOffset}";
        if (transfer is not null && (transfer.First.TotalBytes != chunk.TotalBytes || transfer.First.Manifest != chunk.Manifest))
            return "size or manifest differs from the transfer's first chunk";
        if (chunk.Offset + chunk.Part.Length > chunk.TotalBytes)
            return $"part of {chunk.Part.Length} bytes runs past the announced size {chunk.TotalBytes}";
        if (_buffered + chunk.Part.Length > _limits.BufferedBytes)
            return $"{_buffered} bytes are already waiting for reassembly (autograd.limits.buffered-bytes)";
        var origin = sender.Path.Address;
        if (!origin.HasGlobalScope || _members.Contains(origin))
            return null;  // members (and this system) are bound by the total only
        var held = _held.GetValueOrDefault(origin);
        if (transfer is null && held?.Transfers >= _limits.TransfersPerSender)
            return $"{origin} has {held.Transfers} transfers in flight already (autograd.limits.transfers-per-sender)";
        if ((held?.Bytes ?? 0) + chunk.Part.Length > _limits.BufferedBytesPerSender)
            return $"{origin} has {held!.Bytes} bytes waiting for reassembly already (autograd.limits.buffered-bytes-per-sender)";
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
            _refusals.Refuse(transfer.Sender, "a chunked message",
                $"'{transfer.First.Manifest}' of {bytes.Length} bytes for {transfer.First.Target} does not deserialize: {e.Message}",
                LogLevel.ErrorLevel);
            return;
        }
        transfer.First.Target.Tell(message, transfer.Sender);
    }

    private void DropStale()
    {
        var deadline = DateTime.UtcNow - _settings.ReassemblyTimeout;
        foreach (var (id, transfer) in _transfers.Where(t => t.Value.Started < deadline).ToList())
        {
            Forget(id);
            _refusals.Refuse(transfer.Sender, "a chunked message",
                $"transfer {id} of '{transfer.First.Manifest}' for {transfer.First.Target} incomplete after " +
                $"{_settings.ReassemblyTimeout} ({transfer.Received} of {transfer.First.TotalBytes} bytes); dropped", LogLevel.ErrorLevel);
        }
    }

    private Held HeldBy(Address origin)
    {
        if (!_held.TryGetValue(origin, out var held)) _held.Add(origin, held = new Held());
        return held;
    }

    private void Forget(Guid id)
    {
        if (!_transfers.Remove(id, out var transfer)) return;
        _buffered -= transfer.Received;
        var held = _held[transfer.Origin];
        held.Bytes -= transfer.Received;
        if (--held.Transfers == 0) _held.Remove(transfer.Origin);
    }
}
