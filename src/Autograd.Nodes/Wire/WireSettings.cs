using Akka.Configuration;

namespace Autograd.Wire;

/// <summary>
/// The sizes and deadlines of the wire, from <c>autograd.wire</c> (rendered by
/// <c>TransportSettings</c>) and Akka.Remote's frame size. A message whose tensors exceed
/// <see cref="InlineBytes"/> travels on the bulk path; everything else is an ordinary actor message,
/// which must fit one remoting frame.
/// </summary>
/// <param name="InlineBytes">Messages with at most this many tensor bytes go inline, as actor messages.</param>
/// <param name="MaxMessageBytes">The largest message (tensor bytes and the rest) either side accepts.</param>
/// <param name="IdleTimeout">A transfer or connection that makes no progress this long is dropped and freed.</param>
/// <param name="FrameSize">Akka.Remote's maximum frame.</param>
/// <param name="Port">Where this system serves its bulk transfers (0: a free port).</param>
/// <param name="Window">Bytes a receiver grants a sender ahead of what it has read: the most either side has in flight per transfer.</param>
/// <param name="DataFrameBytes">The largest piece the sender writes at once.</param>
/// <param name="ConnectTimeout">Connecting, the TLS handshake and the first frame of a bulk connection.</param>
/// <param name="MaxConnections">Bulk connections this system serves at once; more are refused.</param>
public sealed record WireSettings(
    long InlineBytes,
    long MaxMessageBytes,
    TimeSpan IdleTimeout,
    long FrameSize,
    int Port = 0,
    int Window = 16 << 20,
    int DataFrameBytes = 1 << 20,
    TimeSpan ConnectTimeout = default,
    int MaxConnections = 256)
{
    /// <summary>Room in a frame for everything around an inline message's tensors: envelope, paths, manifest.</summary>
    public const int FrameHeadroom = 64 * 1024;

    public const string FrameSizePath = "akka.remote.dot-netty.tcp.maximum-frame-size";

    /// <summary>Tensors smaller than this stay in the message even on the bulk path (a slot costs a frame header).</summary>
    public const int MinSlotBytes = 16 * 1024;

    public TimeSpan ConnectTimeout { get; init; } = ConnectTimeout == default ? TimeSpan.FromSeconds(5) : ConnectTimeout;

    public static WireSettings From(Config config)
    {
        long frameSize = config.GetByteSize(FrameSizePath) ?? 128000;
        var settings = new WireSettings(
            // Unset (a system without AutogradConfig, as in some tests): what fits its frames.
            InlineBytes: config.GetByteSize("autograd.wire.inline-size") ?? Math.Clamp(frameSize - FrameHeadroom, 0, 256 * 1024),
            MaxMessageBytes: config.GetByteSize("autograd.wire.max-message-size") ?? 1L << 30,
            IdleTimeout: config.GetTimeSpan("autograd.wire.idle-timeout", TimeSpan.FromSeconds(30)),
            FrameSize: frameSize,
            Port: config.GetInt("autograd.wire.port", 0),
            Window: (int)(config.GetByteSize("autograd.wire.window") ?? 16 << 20),
            DataFrameBytes: (int)(config.GetByteSize("autograd.wire.data-frame-size") ?? 1 << 20),
            ConnectTimeout: config.GetTimeSpan("autograd.wire.connect-timeout", TimeSpan.FromSeconds(5)),
            MaxConnections: config.GetInt("autograd.wire.max-connections", 256));
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (InlineBytes < 0)
            throw new ConfigurationException($"autograd.wire.inline-size must not be negative, got {InlineBytes}");
        if (InlineBytes + FrameHeadroom > FrameSize)
            throw new ConfigurationException(
                $"autograd.wire.inline-size ({InlineBytes} bytes) plus {FrameHeadroom} bytes of headroom must fit in " +
                $"{FrameSizePath} ({FrameSize} bytes)");
        if (MaxMessageBytes < InlineBytes || MaxMessageBytes > int.MaxValue)
            throw new ConfigurationException(
                $"autograd.wire.max-message-size ({MaxMessageBytes}) must be at least autograd.wire.inline-size and below 2 GiB");
        if (DataFrameBytes < 4096 || Window < DataFrameBytes)
            throw new ConfigurationException(
                $"autograd.wire: data-frame-size ({DataFrameBytes}) must be at least 4 KiB and window ({Window}) at least one data frame");
        if (Port is < 0 or > 65535 || MaxConnections < 1 || IdleTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
            throw new ConfigurationException("autograd.wire: port must be 0-65535, max-connections at least 1, timeouts positive");
    }
}
