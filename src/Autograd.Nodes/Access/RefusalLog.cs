using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace Autograd.Access;

/// <summary>
/// Counts refused messages and logs them with their sender, at most one line per sender (by
/// address) per interval: the first refusal is logged at once, later ones within the interval only
/// counted, and the next line says how many there were. A flood thus costs a counter increment per
/// message and a line per sender every few seconds. Senders are remembered up to a bound (a sender
/// path can name any address); beyond it they share one entry.
/// </summary>
/// <param name="write">Writes one line at a level (an Akka logger's warning or error; a recorder in tests).</param>
/// <param name="interval">The least time between two lines for one sender.</param>
/// <param name="clock">Stopwatch ticks (tests pass their own).</param>
public sealed class RefusalLog(Action<LogLevel, string> write, TimeSpan interval, Func<long>? clock = null)
{
    /// <summary>Lines go to <paramref name="log"/>, at warning or error level.</summary>
    public RefusalLog(ILoggingAdapter log, TimeSpan interval)
        : this((level, line) =>
        {
            if (level == LogLevel.ErrorLevel) log.Error(line);
            else log.Warning(line);
        }, interval)
    {
    }

    /// <summary>Distinct senders remembered before they share one entry.</summary>
    public const int MaxSenders = 1024;

    private static readonly Address NoSender = new("none", "no-sender");
    private static readonly Address Others = new("none", "other-senders");

    private readonly Func<long> _clock = clock ?? Stopwatch.GetTimestamp;
    private readonly long _interval = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    private readonly Lock _lock = new();
    private readonly Dictionary<Address, Entry> _senders = new();
    private long _refused;

    /// <summary>Every refusal so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Counts a refusal of <paramref name="what"/> from <paramref name="sender"/> and logs it unless its sender had a line recently.</summary>
    public void Refuse(IActorRef? sender, string what, string reason, LogLevel level = LogLevel.WarningLevel) =>
        Refuse(sender is null || sender.IsNobody() ? null : sender.Path.Address, sender, what, reason, level);

    /// <summary>As <see cref="Refuse(IActorRef?, string, string, LogLevel)"/>, keyed by <paramref name="origin"/>.</summary>
    public void Refuse(Address? origin, object? sender, string what, string reason, LogLevel level = LogLevel.WarningLevel)
    {
        Interlocked.Increment(ref _refused);
        var key = origin ?? NoSender;
        long suppressed;
        lock (_lock)
        {
            long now = _clock();
            if (_senders.TryGetValue(key, out var entry) && now < entry.NextLine)
            {
                entry.Suppressed++;
                return;
            }
            if (entry is null && _senders.Count >= MaxSenders)
            {
                foreach (var (address, old) in _senders.Where(s => now >= s.Value.NextLine).ToList())
                    if (old.Suppressed == 0) _senders.Remove(address);
                if (_senders.Count >= MaxSenders)
                {
                    key = Others;
                    if (_senders.TryGetValue(key, out entry) && now < entry.NextLine)
                    {
                        entry.Suppressed++;
                        return;
                    }
                }
            }
            suppressed = entry?.Suppressed ?? 0;
            _senders[key] = new Entry { NextLine = now + _interval };
        }
        var more = suppressed > 0 ? $" ({suppressed} more refused from {key} since its last line)" : "";
        write(level, $"refused {what} from {sender ?? key}: {reason}{more}");
    }

    private sealed class Entry
    {
        public long NextLine;
        public long Suppressed;
    }
}
