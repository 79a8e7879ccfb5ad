using System.Buffers;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Autograd.Protocol.Serialization;

/// <summary>
/// A tensor as <c>[shape, bin]</c>: the sizes, then every element as one bin of raw
/// little-endian float32 (not element by element: ~30x faster on the wire).
/// </summary>
internal sealed class TensorFormatter : IMessagePackFormatter<Tensor?>
{
    public static readonly TensorFormatter Instance = new();

    /// <summary>More dimensions than any op here produces; bounds what untrusted input can ask for.</summary>
    private const int MaxRank = 64;

    public void Serialize(ref MessagePackWriter writer, Tensor? value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(2);
        var dims = value.Dims;
        writer.WriteArrayHeader(dims.Length);
        foreach (var d in dims) writer.Write(d);
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(value.Span));
        }
        else
        {
            var swapped = value.ToArray();
            var ints = MemoryMarshal.Cast<float, int>(swapped.AsSpan());
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
            writer.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
        }
    }

    public Tensor? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null;
        if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("a tensor is [shape, data]");
        int rank = reader.ReadArrayHeader();
        if (rank > MaxRank) throw new MessagePackSerializationException($"a tensor of rank {rank} exceeds {MaxRank}");
        var shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = reader.ReadInt32();
        int count = Tensor.CheckShape(shape);
        var bytes = reader.ReadBytes() ?? throw new MessagePackSerializationException("tensor data is nil");
        if (bytes.Length != (long)count * sizeof(float))
            throw new MessagePackSerializationException(
                $"tensor of shape {Tensor.ShapeText(shape)} needs {count * sizeof(float)} bytes, got {bytes.Length}");
        var data = new float[count];
        bytes.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(data.AsSpan());
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        return Tensor.Wrap(data, shape);
    }
}
