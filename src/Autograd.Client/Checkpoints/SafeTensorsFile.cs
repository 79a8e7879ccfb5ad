using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Autograd.Client.Checkpoints;

/// <summary>
/// A safetensors file on disk: an 8-byte little-endian header length N, N bytes of JSON header
/// (<see cref="SafeTensorsHeader"/>), then the data buffer, each tensor's F32 elements
/// little-endian and row-major. Both directions stream tensor by tensor, so a checkpoint is
/// never held in memory twice.
/// </summary>
internal static class SafeTensorsFile
{
    /// <summary>The reference crate's cap: a longer header is refused before anything is allocated for it.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const int LengthPrefix = sizeof(ulong);

    /// <summary>
    /// Elements are copied to and from the file as the machine's own floats, which is the file's
    /// byte order on every platform .NET 10 runs on; checked so a port would fail loudly instead
    /// of writing swapped floats.
    /// </summary>
    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors checkpoints need a little-endian machine");
    }

    /// <summary>
    /// Writes to a temporary file in the same directory, flushed to disk, then renames it over
    /// <paramref name="path"/>: a crash leaves the old checkpoint or the new one, never half of one.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        RequireLittleEndian();
        var header = SafeTensorsHeader.Layout(tensors, metadata);
        byte[] json = header.ToBytes();
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Span<byte> length = stackalloc byte[LengthPrefix];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
                stream.Write(length);
                stream.Write(json);
                foreach (var entry in header.Tensors)
                    stream.Write(MemoryMarshal.AsBytes(tensors[entry.Name].Span));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The header alone: reads the first 8 + N bytes of the file, whatever its size.</summary>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Every tensor, in the order of the data buffer.</summary>
    public static IReadOnlyDictionary<string, Tensor> Read(string path)
    {
        RequireLittleEndian();
        using var stream = OpenRead(path);
        var header = ReadHeader(stream, path);
        var tensors = new Dictionary<string, Tensor>(header.Tensors.Count, StringComparer.Ordinal);
        foreach (var entry in header.Tensors)
        {
            // safe to allocate: the parser checked that these bytes are in the file
            var data = GC.AllocateUninitializedArray<float>(entry.Count);
            ReadExactly(stream, MemoryMarshal.AsBytes(data.AsSpan()), path);
            tensors.Add(entry.Name, Tensor.Wrap(data, entry.Shape));
        }
        return tensors;
    }

    public static InvalidDataException Invalid(string path, string problem) =>
        new($"'{path}' is not a valid safetensors file: {problem}");

    private static FileStream OpenRead(string path) =>
        // unbuffered: tensors are read straight into their arrays; the header is one read too
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    private static SafeTensorsHeader ReadHeader(FileStream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < LengthPrefix)
            throw Invalid(path, $"the file has {fileLength} bytes, shorter than the 8-byte header length");
        Span<byte> prefix = stackalloc byte[LengthPrefix];
        ReadExactly(stream, prefix, path);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaxHeaderLength)
            throw Invalid(path, $"the header length {length} exceeds the limit of {MaxHeaderLength} bytes");
        if ((long)length > fileLength - LengthPrefix)
            throw Invalid(path, $"the header length {length} runs past the end of the file ({fileLength} bytes)");
        var json = new byte[length];
        ReadExactly(stream, json, path);
        return HeaderParser.Parse(json, fileLength - LengthPrefix - (long)length, path);
    }

    /// <summary>A file cut short while being read (it was checked for length first) is as invalid as one cut short before.</summary>
    private static void ReadExactly(FileStream stream, Span<byte> buffer, string path)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Invalid(path, "the file ended early (was it being written?)");
        }
    }
}
