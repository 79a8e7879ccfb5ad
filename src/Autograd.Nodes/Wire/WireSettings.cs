using Akka.Configuration;

namespace Autograd.Wire;

/// <summary>
/// The sizes of the wire, from <c>autograd.wire</c> and Akka.Remote's frame size. Every
/// member and client must use the same frame size: a receiver with a smaller limit than its
/// sender drops the association, and Akka.Remote drops oversized frames with only a log line.
/// </summary>
public sealed record WireSettings(int ChunkSize, long MaxMessageBytes, TimeSpan ReassemblyTimeout, long FrameSize)
{
    /// <summary>Room in a frame for everything around a chunk's bytes: envelope, paths, manifest.</summary>
    public const int FrameHeadroom = 64 * 1024;

    public const string FrameSizePath = "akka.remote.dot-netty.tcp.maximum-frame-size";

    public static WireSettings From(Config config)
    {
        var settings = new WireSettings(
            ChunkSize: (int)(config.GetByteSize("autograd.wire.chunk-size") ?? 1024 * 1024),
            MaxMessageBytes: config.GetByteSize("autograd.wire.max-message-size") ?? 1L << 31,
            ReassemblyTimeout: config.GetTimeSpan("autograd.wire.reassembly-timeout", TimeSpan.FromSeconds(30)),
            FrameSize: config.GetByteSize(FrameSizePath) ?? 128000);
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (ChunkSize <= 0)
            throw new ConfigurationException($"autograd.wire.chunk-size must be positive, got {ChunkSize}");
        if (ChunkSize + FrameHeadroom > FrameSize)
            throw new ConfigurationException(
                $"autograd.wire.chunk-size ({ChunkSize} bytes) plus {FrameHeadroom} bytes of headroom must fit in " +
                $"{FrameSizePath} ({FrameSize} bytes)");
        if (MaxMessageBytes < ChunkSize)
            throw new ConfigurationException("autograd.wire.max-message-size must be at least autograd.wire.chunk-size");
    }
}
