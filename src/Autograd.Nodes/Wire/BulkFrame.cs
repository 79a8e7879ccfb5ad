using System.Buffers.Binary;
using System.Text;

namespace Autograd.Wire;

/// <summary>What a frame of a bulk connection is.</summary>
internal enum FrameKind : byte
{
    /// <summary>Receiver → sender: send up to Value more bytes of the transfer (the first grant starts it).</summary>
    Grant = 1,
    /// <summary>Receiver → sender: the receiver dropped the transfer; send nothing more of it.</summary>
    Cancel = 2,
    /// <summary>Sender → receiver: Value bytes of the transfer follow.</summary>
    Data = 3,
    /// <summary>Sender → receiver: the transfer is not offered here (never was, timed out, or to someone else).</summary>
    Unknown = 4,
}

/// <summary>
/// The frames of a bulk connection, as plain encoding and decoding. A connection starts with the
/// receiver's hello (<see cref="Magic"/>, then its actor system's address, length-prefixed UTF-8);
/// every frame after it is a fixed 25-byte header — kind, transfer id, value — and a Data frame's
/// payload after its header. Integers are little-endian.
/// </summary>
internal readonly record struct BulkFrame(FrameKind Kind, Guid Transfer, long Value)
{
    public const int HeaderBytes = 1 + 16 + 8;

    /// <summary>"AGB1": autograd bulk, version 1.</summary>
    public static ReadOnlySpan<byte> Magic => "AGB1"u8;

    /// <summary>The longest address a hello may carry.</summary>
    public const int MaxAddressBytes = 1024;

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)Kind;
        Transfer.TryWriteBytes(destination[1..17]);
        BinaryPrimitives.WriteInt64LittleEndian(destination[17..25], Value);
    }

    /// <summary>The frame in <paramref name="source"/>, or why it is not one.</summary>
    public static BulkFrame Read(ReadOnlySpan<byte> source)
    {
        var kind = (FrameKind)source[0];
        if (kind is < FrameKind.Grant or > FrameKind.Unknown)
            throw new InvalidDataException($"unknown bulk frame kind {source[0]}");
        var value = BinaryPrimitives.ReadInt64LittleEndian(source[17..25]);
        if (value < 0) throw new InvalidDataException($"negative value {value} in a {kind} frame");
        return new BulkFrame(kind, new Guid(source[1..17]), value);
    }

    public static byte[] Hello(string address)
    {
        var text = Encoding.UTF8.GetBytes(address);
        if (text.Length > MaxAddressBytes) throw new ArgumentException($"address longer than {MaxAddressBytes} bytes", nameof(address));
        var hello = new byte[Magic.Length + 2 + text.Length];
        Magic.CopyTo(hello);
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(Magic.Length), (ushort)text.Length);
        text.CopyTo(hello, Magic.Length + 2);
        return hello;
    }

    /// <summary>Reads a hello from <paramref name="stream"/>: the address the receiver says it is.</summary>
    public static async Task<string> ReadHelloAsync(Stream stream, CancellationToken cancel)
    {
        var start = new byte[Magic.Length + 2];
        await stream.ReadExactlyAsync(start, cancel);
        if (!start.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException("not a bulk connection (no AGB1 hello)");
        int length = BinaryPrimitives.ReadUInt16LittleEndian(start.AsSpan(Magic.Length));
        if (length > MaxAddressBytes) throw new InvalidDataException($"hello address of {length} bytes");
        var text = new byte[length];
        await stream.ReadExactlyAsync(text, cancel);
        return Encoding.UTF8.GetString(text);
    }
}
