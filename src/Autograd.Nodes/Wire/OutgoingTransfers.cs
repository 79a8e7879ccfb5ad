using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;

namespace Autograd.Wire;

/// <summary>
/// One offered transfer on the sending side: the message's header (when too large to go inline)
/// and its tensors' own arrays, by reference — offering a tensor copies nothing — until the
/// receiver it was offered to has pulled them or the offer times out.
/// </summary>
internal sealed class Outgoing(Guid id, Address receiver, IReadOnlyList<ReadOnlyMemory<byte>> parts)
{
    private long _lastActivity = Stopwatch.GetTimestamp();

    public Guid Id { get; } = id;

    /// <summary>The only system that may pull it.</summary>
    public Address Receiver { get; } = receiver;

    public IReadOnlyList<ReadOnlyMemory<byte>> Parts { get; } = parts;

    public long Total { get; } = parts.Sum(p => (long)p.Length);

    /// <summary>The connection serving it, once one asked for it.</summary>
    public object? Connection { get; set; }

    public long LastActivity => Interlocked.Read(ref _lastActivity);

    public void Touch() => Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
}

/// <summary>
/// What this system offered and not yet sent, shared by <see cref="AutogradWire.Tell"/> (which adds)
/// and the connections that serve pulls. An offer is served to one connection only, from the
/// system it was offered to; one that sees no pull or no progress within the idle timeout is
/// dropped, so a receiver that never pulls costs the sender only a reference for that long.
/// </summary>
internal sealed class OutgoingTransfers
{
    private readonly ConcurrentDictionary<Guid, Outgoing> _offered = new();

    public int Count => _offered.Count;

    public long Bytes => _offered.Values.Sum(o => o.Total);

    public void Add(Outgoing outgoing) => _offered[outgoing.Id] = outgoing;

    /// <summary>Whether anything is offered to <paramref name="receiver"/> (a bulk connection from it is expected).</summary>
    public bool AnyFor(Address receiver) => _offered.Values.Any(o => o.Receiver.Equals(receiver));

    /// <summary>
    /// The transfer <paramref name="id"/> for <paramref name="connection"/>, whose peer said it is
    /// <paramref name="receiver"/>: null unless it was offered to that system and no other connection serves it.
    /// </summary>
    public Outgoing? Claim(Guid id, Address receiver, object connection)
    {
        if (!_offered.TryGetValue(id, out var outgoing) || !outgoing.Receiver.Equals(receiver)) return null;
        lock (outgoing)
        {
            if (outgoing.Connection is not null && !ReferenceEquals(outgoing.Connection, connection)) return null;
            outgoing.Connection = connection;
        }
        outgoing.Touch();
        return outgoing;
    }

    /// <summary>Sent, cancelled by the receiver, or abandoned by its connection: forgotten.</summary>
    public void Remove(Guid id) => _offered.TryRemove(id, out _);

    public bool Contains(Guid id) => _offered.ContainsKey(id);

    /// <summary>Drops the offers without activity for <paramref name="idle"/> and returns them.</summary>
    public List<Outgoing> DropIdle(TimeSpan idle)
    {
        long before = Stopwatch.GetTimestamp() - (long)(idle.TotalSeconds * Stopwatch.Frequency);
        var dropped = new List<Outgoing>();
        foreach (var (id, outgoing) in _offered)
            if (outgoing.LastActivity < before && _offered.TryRemove(id, out _))
                dropped.Add(outgoing);
        return dropped;
    }
}
