using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Autograd.Client.Data;

/// <summary>The element types of the IDX format, by their code in the magic number.</summary>
internal enum IdxType : byte
{
    UByte = 0x08,
    SByte = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Float32 = 0x0D,
    Float64 = 0x0E,
}

/// <summary>
/// Parses IDX (the MNIST files' format): the magic <c>0x00 0x00 type rank</c>, <c>rank</c> big-endian
/// uint32 sizes, then the elements big-endian, row-major. Plain or gzip (told apart by gzip's own
/// magic, not the file name).
/// </summary>
/// <remarks>
/// The header is untrusted: a 100-byte file may claim 2^31 elements. For a plain file the data length
/// is known and must match before anything is allocated. A gzip stream's length is not, so the result
/// starts at <see cref="InitialCapacity"/> elements at most and grows only as data really arrives:
/// what is allocated stays within a small factor of what was decompressed.
/// </remarks>
internal static class IdxReader
{
    internal const int InitialCapacity = 1 << 20;
    private const int ChunkBytes = 1 << 16;  // a multiple of every element size

    public static (float[] Values, int[] Dims) Read(string path)
    {
        using var file = File.OpenRead(path);
        if (!IsGzip(file)) return Read(file, file.Length, path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return Read(gzip, length: null, path);
    }

    /// <param name="length">Bytes in <paramref name="stream"/> when known (a plain file), else null.</param>
    internal static (float[] Values, int[] Dims) Read(Stream stream, long? length, string source)
    {
        var magic = ReadHeader(stream, 4, source);
        if (magic[0] != 0 || magic[1] != 0)
            throw Malformed(source, $"bad magic 0x{magic[0]:X2} 0x{magic[1]:X2}: an IDX file starts with 0x00 0x00, the type and the rank");
        var type = (IdxType)magic[2];
        int size = ElementSize(type, source);
        var dims = ReadDims(stream, magic[3], source);
        long count = dims.Aggregate(1L, (n, d) => n * d);  // CheckShape bounded it by Array.MaxLength
        long headerBytes = 4 + 4L * dims.Length, dataBytes = count * size;
        if (length is long total && total - headerBytes != dataBytes)
            throw Malformed(source, $"dims {Tensor.ShapeText(dims)} of {type} need {dataBytes} bytes of data but the file has {total - headerBytes}");
        return (ReadValues(stream, type, size, count, lengthKnown: length.HasValue, source), dims);
    }

    private static float[] ReadValues(Stream stream, IdxType type, int size, long count, bool lengthKnown, string source)
    {
        var values = new float[lengthKnown ? count : Math.Min(count, InitialCapacity)];
        var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(count * size, 1))];
        long done = 0;
        while (done < count)
        {
            int n = (int)Math.Min(count - done, buffer.Length / size), bytes = n * size;
            int got = stream.ReadAtLeast(buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            if (got < bytes)
                throw Malformed(source, $"truncated: the data ends after {done * size + got} of {count * size} bytes");
            if (values.Length < done + n)
                Array.Resize(ref values, (int)Math.Min(count, Math.Max(2L * values.Length, done + n)));
            Decode(type, buffer.AsSpan(0, bytes), values.AsSpan((int)done, n));
            done += n;
        }
        if (stream.ReadByte() >= 0)
            throw Malformed(source, $"more data than the {count} elements its dims describe");
        return values;
    }

    private static int[] ReadDims(Stream stream, int rank, string source)
    {
        var header = ReadHeader(stream, 4 * rank, source);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 * i));
            dims[i] = dim <= int.MaxValue ? (int)dim : throw Malformed(source, $"dimension {i} has size {dim}, more than {int.MaxValue}");
        }
        try { Tensor.CheckShape(dims); }
        catch (ArgumentException e) { throw Malformed(source, e.Message); }
        return dims;
    }

    private static byte[] ReadHeader(Stream stream, int bytes, string source)
    {
        var header = new byte[bytes];
        if (stream.ReadAtLeast(header, bytes, throwOnEndOfStream: false) < bytes)
            throw Malformed(source, "the file ends inside its header");
        return header;
    }

    private static int ElementSize(IdxType type, string source) => type switch
    {
        IdxType.UByte or IdxType.SByte => 1,
        IdxType.Int16 => 2,
        IdxType.Int32 or IdxType.Float32 => 4,
        IdxType.Float64 => 8,
        _ => throw Malformed(source, $"unknown element type 0x{(byte)type:X2} (known: 0x08 ubyte, 0x09 sbyte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)"),
    };

    private static void Decode(IdxType type, ReadOnlySpan<byte> src, Span<float> dst)
    {
        switch (type)
        {
            case IdxType.UByte: TensorPrimitives.ConvertTruncating(src, dst); break;
            case IdxType.SByte: TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<byte, sbyte>(src), dst); break;
            case IdxType.Int16: for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt16BigEndian(src[(2 * i)..]); break;
            case IdxType.Int32: for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt32BigEndian(src[(4 * i)..]); break;
            case IdxType.Float32: for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]); break;
            case IdxType.Float64: for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(src[(8 * i)..]); break;
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        bool gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        return gzip;
    }

    private static InvalidDataException Malformed(string source, string problem) => new($"{source}: not a valid IDX file: {problem}");
}
