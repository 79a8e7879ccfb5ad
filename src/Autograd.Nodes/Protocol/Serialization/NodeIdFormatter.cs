using MessagePack;
using MessagePack.Formatters;

namespace Autograd.Protocol.Serialization;

/// <summary>A node id as <c>[bin16 session, int seq]</c>: the Guid as 16 bytes rather than a 36-char string.</summary>
internal sealed class NodeIdFormatter : IMessagePackFormatter<NodeId>
{
    public static readonly NodeIdFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, NodeId value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        Span<byte> guid = stackalloc byte[16];
        value.Session.TryWriteBytes(guid);
        writer.Write(guid);
        writer.Write(value.Seq);
    }

    public NodeId Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("a node id is [session, seq]");
        var bytes = reader.ReadBytes() ?? throw new MessagePackSerializationException("node id session is nil");
        if (bytes.Length != 16) throw new MessagePackSerializationException($"node id session must be 16 bytes, got {bytes.Length}");
        Span<byte> guid = stackalloc byte[16];
        System.Buffers.BuffersExtensions.CopyTo(bytes, guid);
        return new NodeId(new Guid(guid), reader.ReadInt64());
    }
}
