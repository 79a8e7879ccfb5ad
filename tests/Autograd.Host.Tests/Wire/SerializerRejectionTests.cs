using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;
using MessagePack;

namespace Autograd.Host.Tests.Wire;

/// <summary>Bytes from the network that are not a registered message are rejected, logged, and nothing else breaks.</summary>
public class SerializerRejectionTests() : Akka.TestKit.Xunit2.TestKit(WireConfig.Remote())
{
    private SerializerWithStringManifest Serializer =>
        (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(InputValue));

    private byte[] Valid => Serializer.ToBinary(new InputValue(AnyNode, 3, Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2)));

    private static readonly NodeId AnyNode = new(Guid.NewGuid(), 7);

    [Fact]
    public async Task An_unknown_manifest_is_rejected_with_an_error_log()
    {
        await EventFilter.Error(contains: "unknown autograd message manifest 'zz'").ExpectOneAsync(() =>
        {
            var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary(Valid, "zz"));
            Assert.Contains("'zz'", error.Message);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Truncated_bytes_are_rejected_with_an_error_log()
    {
        var truncated = Valid[..^5];
        await EventFilter.Error(contains: "malformed message 'iv'").ExpectOneAsync(() =>
        {
            Assert.Throws<SerializationException>(() => Serializer.FromBinary(truncated, "iv"));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Random_bytes_are_rejected_for_every_manifest()
    {
        var random = new Random(7);
        foreach (var manifest in ProtocolManifests.ByManifest.Keys)
        {
            var garbage = new byte[64];
            random.NextBytes(garbage);
            // Either rejected, or (rarely) a well-formed message of that type: never another exception.
            try
            {
                Serializer.FromBinary(garbage, manifest);
            }
            catch (SerializationException)
            {
            }
        }
    }

    [Fact]
    public void A_length_prefix_larger_than_the_bytes_is_rejected_without_allocating_it()
    {
        // A BackwardPlan whose Seqs array claims two billion entries in a 20-byte message.
        var writer = new ArrayBufferWriter();
        var w = new MessagePackWriter(writer);
        w.WriteArrayHeader(6);
        w.Write(Guid.NewGuid().ToString());
        w.Write(1L);
        w.WriteArrayHeader(int.MaxValue);
        w.Write(1L);
        w.Flush();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary(writer.Bytes, "bp"));

        Assert.Contains("malformed message 'bp'", error.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 100_000_000, "no huge allocation");
    }

    [Fact]
    public void A_tensor_whose_data_does_not_match_its_shape_is_rejected()
    {
        var writer = new ArrayBufferWriter();
        var w = new MessagePackWriter(writer);
        w.WriteArrayHeader(3);       // InputValue: [node, slot, tensor]
        w.WriteArrayHeader(3);
        w.Write(1UL);
        w.Write(2UL);
        w.Write(3L);
        w.Write(0);
        w.WriteArrayHeader(2);       // tensor: [shape, bin]
        w.WriteArrayHeader(2);
        w.Write(1000);
        w.Write(1000);               // a million floats announced
        w.Write(new byte[16]);       // four sent
        w.Flush();

        var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary(writer.Bytes, "iv"));

        Assert.Contains("[1000, 1000]", error.Message);
    }

    [Fact]
    public void The_serializer_keeps_working_after_rejecting_bad_bytes()
    {
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([0xc1], "iv"));

        var back = (InputValue)Serializer.FromBinary(Valid, "iv");

        Assert.Equal(3, back.Slot);
        Assert.Equal([1f, 2f, 3f, 4f], back.Value.ToArray());
    }

    private sealed class ArrayBufferWriter : System.Buffers.IBufferWriter<byte>
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _inner = new();
        public byte[] Bytes => _inner.WrittenSpan.ToArray();
        public void Advance(int count) => _inner.Advance(count);
        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
        public Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
    }
}
