using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Autograd.Client.Tests.Checkpoints;

/// <summary>Builds safetensors files by hand, so tests can state exact bytes and make malformed ones.</summary>
internal static class SafeTensorsBytes
{
    /// <summary>The 8-byte length (the header's own unless <paramref name="declaredLength"/>), the header as given, then the data.</summary>
    public static byte[] File(string header, byte[]? data = null, ulong? declaredLength = null) =>
        File(Encoding.UTF8.GetBytes(header), data, declaredLength);

    /// <inheritdoc cref="File(string, byte[], ulong?)"/>
    public static byte[] File(byte[] json, byte[]? data = null, ulong? declaredLength = null)
    {
        data ??= [];
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    /// <summary>The file the reference writer makes for this header and these floats: header padded with spaces to a multiple of 8.</summary>
    public static byte[] Padded(string header, params float[] values) =>
        File(header + new string(' ', (8 - Encoding.UTF8.GetByteCount(header) % 8) % 8), Floats(values));

    public static byte[] Floats(params float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>The header length and header text of a file, as written.</summary>
    public static (ulong Length, string Header) Header(byte[] file)
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        return (length, Encoding.UTF8.GetString(file, 8, (int)length));
    }
}
