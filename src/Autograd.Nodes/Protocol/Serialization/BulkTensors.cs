using MessagePack;

namespace Autograd.Protocol.Serialization;

/// <summary>
/// Serializer options for a message that travels on the bulk path (see <c>Wire/AutogradWire</c>):
/// its large tensors are not written into the message but into numbered slots, and the message
/// carries each slot's number where the tensor's bytes would be. Writing, the
/// <see cref="TensorFormatter"/> moves every tensor of at least <see cref="MinSlotBytes"/> into
/// <see cref="Extracted"/>; reading, it takes slot <c>i</c> from <see cref="Arrived"/> (each exactly
/// once) and wraps it without a copy. One instance per message: the formatters find it as the
/// options they are given.
/// </summary>
internal sealed class BulkTensors : MessagePackSerializerOptions
{
    private readonly bool[] _used;

    private BulkTensors(MessagePackSerializerOptions copyFrom, long minSlotBytes, float[][]? arrived) : base(copyFrom)
    {
        MinSlotBytes = minSlotBytes;
        Arrived = arrived;
        _used = new bool[arrived?.Length ?? 0];
    }

    /// <summary>For writing: tensors of at least <paramref name="minSlotBytes"/> go to slots.</summary>
    public static BulkTensors ForWriting(MessagePackSerializerOptions options, long minSlotBytes) => new(options, minSlotBytes, null);

    /// <summary>For reading: the elements of each slot, as they arrived.</summary>
    public static BulkTensors ForReading(MessagePackSerializerOptions options, float[][] arrived) => new(options, long.MaxValue, arrived);

    public long MinSlotBytes { get; }

    /// <summary>The tensors written to slots, in slot order.</summary>
    public List<Tensor> Extracted { get; } = [];

    public float[][]? Arrived { get; }

    /// <summary>Slot <paramref name="index"/>'s elements, which only one tensor of the message may take.</summary>
    public float[] Take(long index)
    {
        if (Arrived is null || index < 0 || index >= Arrived.Length)
            throw new MessagePackSerializationException($"tensor slot {index} is not among the {Arrived?.Length ?? 0} that arrived");
        if (_used[index]) throw new MessagePackSerializationException($"tensor slot {index} is used twice");
        _used[index] = true;
        return Arrived[index];
    }

    /// <summary>After reading: every slot that arrived was used (nothing unexplained was accepted).</summary>
    public bool AllTaken => Array.TrueForAll(_used, u => u);

    protected override MessagePackSerializerOptions Clone() => throw new NotSupportedException("bulk tensor options are made per message");
}
