using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Autograd.Protocol.Serialization;

/// <summary>
/// A node id as <c>[uint64, uint64, int64]</c>: the session Guid as its two 8-byte halves rather
/// than a 36-character string, then the sequence number.
/// </summary>
internal sealed class NodeIdFormatter : IMessagePackFormatter<NodeId>
{
    public static readonly NodeIdFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, NodeId value, MessagePackSerializerOptions options)
    {
        var session = value.Session;
        var halves = MemoryMarshal.Cast<Guid, ulong>(MemoryMarshal.CreateReadOnlySpan(ref session, 1));
        writer.WriteArrayHeader(3);
        writer.Write(halves[0]);
        writer.Write(halves[1]);
        writer.Write(value.Seq);
    }

    public NodeId Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.ReadArrayHeader() != 3) throw new MessagePackSerializationException("a node id is [session high, session low, seq]");
        Span<ulong> halves = [reader.ReadUInt64(), reader.ReadUInt64()];
        var session = MemoryMarshal.Cast<ulong, Guid>(halves)[0];
        return new NodeId(session, reader.ReadInt64());
    }
}
