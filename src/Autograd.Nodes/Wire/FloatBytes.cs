using System.Buffers;
using System.Runtime.InteropServices;

namespace Autograd.Wire;

/// <summary>
/// A float array seen as bytes, as <see cref="Memory{T}"/>, so a tensor's own elements can be
/// written to a socket and received elements read straight into the tensor's array with async I/O
/// (a span cannot cross an await). Little-endian machines only: elsewhere the wire's byte order
/// would need a swap, and <see cref="AutogradWire"/> keeps tensors inline there.
/// </summary>
internal sealed class FloatBytes(float[] array) : MemoryManager<byte>
{
    public static Memory<byte> Of(float[] array) => array.Length == 0 ? Memory<byte>.Empty : new FloatBytes(array).Memory;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        var start = (byte*)handle.AddrOfPinnedObject() + elementIndex;
        return new MemoryHandle(start, handle, this);
    }

    public override void Unpin()
    {
        // the GCHandle in the MemoryHandle is freed when that handle is disposed
    }

    protected override void Dispose(bool disposing)
    {
        // nothing owned: the array belongs to its tensor
    }
}
