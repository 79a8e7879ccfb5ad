namespace Autograd.Wire;

/// <summary>
/// A receiver's credit for one transfer: it grants <see cref="Window"/> bytes ahead of what it has
/// read, and tops the grant up once a quarter of the window has been read, so a few grant frames
/// keep the sender busy without it ever having more than the window outstanding. Plain logic, used
/// on the connection's reading loop.
/// </summary>
internal sealed class CreditWindow(long total, int window)
{
    private long _granted;
    private long _received;

    public long Window => window;

    public long Received => _received;

    /// <summary>Bytes granted and not received yet: the most the sender may send now.</summary>
    public long Outstanding => _granted - _received;

    /// <summary>The first grant: the window, or the whole transfer when smaller.</summary>
    public long Start() => Grant();

    /// <summary>
    /// <paramref name="bytes"/> arrived. Throws when they exceed the grant (the sender broke the
    /// protocol); returns the next grant to send, or 0 when none is due yet.
    /// </summary>
    public long OnReceived(long bytes)
    {
        if (bytes > Outstanding)
            throw new InvalidDataException($"the sender sent {bytes} bytes with only {Outstanding} granted");
        _received += bytes;
        return Outstanding <= window - window / 4 ? Grant() : 0;
    }

    private long Grant()
    {
        long more = Math.Min(total, _received + window) - _granted;
        if (more <= 0) return 0;
        _granted += more;
        return more;
    }
}
