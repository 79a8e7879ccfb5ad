using System.Buffers.Binary;
using System.IO.Compression;
using Autograd.Client.Data;

namespace Autograd.Client.Tests.Data;

/// <summary>
/// Writes IDX files for the tests, encoding independently of the reader (big-endian by hand), in a
/// temporary directory removed on dispose.
/// </summary>
internal sealed class IdxFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("autograd-idx-").FullName;

    public string Write(string name, byte[] bytes, bool gzip)
    {
        string path = Path.Combine(Directory, gzip ? name + ".gz" : name);
        using var file = File.Create(path);
        if (!gzip) file.Write(bytes);
        else using (var compressed = new GZipStream(file, CompressionLevel.Optimal)) compressed.Write(bytes);
        return path;
    }

    public string Write(string name, IdxType type, int[] dims, float[] values, bool gzip) =>
        Write(name, Encode(type, dims, values), gzip);

    public static byte[] Encode(IdxType type, int[] dims, float[] values)
    {
        var bytes = new List<byte> { 0, 0, (byte)type, (byte)dims.Length };
        foreach (int dim in dims) bytes.AddRange(BigEndian(4, s => BinaryPrimitives.WriteInt32BigEndian(s, dim)));
        foreach (float v in values)
            bytes.AddRange(type switch
            {
                IdxType.UByte => [(byte)v],
                IdxType.SByte => [(byte)(sbyte)v],
                IdxType.Int16 => BigEndian(2, s => BinaryPrimitives.WriteInt16BigEndian(s, (short)v)),
                IdxType.Int32 => BigEndian(4, s => BinaryPrimitives.WriteInt32BigEndian(s, (int)v)),
                IdxType.Float32 => BigEndian(4, s => BinaryPrimitives.WriteSingleBigEndian(s, v)),
                IdxType.Float64 => BigEndian(8, s => BinaryPrimitives.WriteDoubleBigEndian(s, v)),
                _ => throw new ArgumentOutOfRangeException(nameof(type)),
            });
        return [.. bytes];
    }

    private delegate void Writer(Span<byte> destination);

    private static byte[] BigEndian(int size, Writer write)
    {
        var bytes = new byte[size];
        write(bytes);
        return bytes;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
