using Akka.Configuration;

namespace Autograd.Access;

/// <summary>
/// What a member holds for others at most (<c>autograd.limits</c>), so that a flood is refused
/// instead of growing the member's memory. Members themselves are bound only by the totals: they
/// are trusted, and a legitimate burst between members must never be cut.
/// </summary>
/// <param name="WaitingNodesPerSession">Node actors one session may have waiting for their definition (created by a message that overtook it).</param>
/// <param name="WaitingNodesPerMember">The same, for all sessions on this member.</param>
/// <param name="SessionsPerClient">Sessions one client (a system that is not a member) may have open on this member.</param>
/// <param name="TransfersPerSender">Bulk transfers a client may have in flight to this member at once.</param>
/// <param name="BufferedBytesPerSender">Bytes of buffers held for one client's transfers in flight.</param>
/// <param name="BufferedBytes">Bytes of buffers held for transfers in flight, everyone together.</param>
/// <param name="RefusalLogInterval">A sender's refused messages are logged at most once per interval, with a count.</param>
public sealed record AccessLimits(
    int WaitingNodesPerSession,
    int WaitingNodesPerMember,
    int SessionsPerClient,
    int TransfersPerSender,
    long BufferedBytesPerSender,
    long BufferedBytes,
    TimeSpan RefusalLogInterval)
{
    public static AccessLimits From(Config config)
    {
        var limits = new AccessLimits(
            WaitingNodesPerSession: config.GetInt("autograd.limits.waiting-nodes-per-session", 4096),
            WaitingNodesPerMember: config.GetInt("autograd.limits.waiting-nodes-per-member", 32768),
            SessionsPerClient: config.GetInt("autograd.limits.sessions-per-client", 1024),
            TransfersPerSender: config.GetInt("autograd.limits.transfers-per-sender", 16),
            BufferedBytesPerSender: config.GetByteSize("autograd.limits.buffered-bytes-per-sender") ?? 1L << 30,
            BufferedBytes: config.GetByteSize("autograd.limits.buffered-bytes") ?? 2L << 30,
            RefusalLogInterval: config.GetTimeSpan("autograd.limits.refusal-log-interval", TimeSpan.FromSeconds(10)));
        limits.Validate(config.GetByteSize("autograd.wire.max-message-size") ?? 1L << 30);
        return limits;
    }

    /// <summary>Every limit positive, and room for the largest message the wire reassembles.</summary>
    public void Validate(long maxMessageBytes)
    {
        if (WaitingNodesPerSession < 1 || WaitingNodesPerMember < 1 || SessionsPerClient < 1 || TransfersPerSender < 1)
            throw new ConfigurationException("autograd.limits: every count must be at least 1");
        if (RefusalLogInterval < TimeSpan.Zero)
            throw new ConfigurationException("autograd.limits.refusal-log-interval must not be negative");
        if (BufferedBytesPerSender < maxMessageBytes || BufferedBytes < BufferedBytesPerSender)
            throw new ConfigurationException(
                $"autograd.limits: buffered-bytes ({BufferedBytes}) >= buffered-bytes-per-sender ({BufferedBytesPerSender}) >= " +
                $"autograd.wire.max-message-size ({maxMessageBytes}) must hold, or the largest message could never be reassembled");
    }
}
