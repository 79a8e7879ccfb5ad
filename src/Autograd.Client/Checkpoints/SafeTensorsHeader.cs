using System.Text;

namespace Autograd.Client.Checkpoints;

/// <summary>One tensor of a safetensors file: its shape and where its F32 bytes lie in the data buffer.</summary>
internal sealed record TensorEntry(string Name, int[] Shape, long Begin, long End)
{
    public int Count => checked((int)((End - Begin) / sizeof(float)));
}

/// <summary>
/// The header of a safetensors file: tensors in the order of their bytes in the data buffer,
/// and the optional string-to-string metadata. <see cref="HeaderParser"/> builds one from a
/// file; <see cref="Layout"/> builds one for tensors about to be written.
/// </summary>
internal sealed class SafeTensorsHeader(IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string>? metadata)
{
    /// <summary>The reference dtype name of the only element type this engine has.</summary>
    public const string F32 = "F32";

    public const string MetadataKey = "__metadata__";

    public IReadOnlyList<TensorEntry> Tensors { get; } = tensors;

    /// <summary>Null when the header has no <c>__metadata__</c> (an empty one is written as <c>{}</c>, as the reference does).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; } = metadata;

    public long DataLength => Tensors.Count == 0 ? 0 : Tensors[^1].End;

    /// <summary>
    /// The layout the reference writer gives: tensors in name order (it sorts by dtype first,
    /// and every tensor here is F32), packed from offset 0 with no gaps.
    /// </summary>
    public static SafeTensorsHeader Layout(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var entries = new List<TensorEntry>(tensors.Count);
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, HeaderJson.Order))
        {
            if (name == MetadataKey)
                throw new ArgumentException($"'{MetadataKey}' is reserved for the metadata and cannot name a tensor", nameof(tensors));
            ArgumentNullException.ThrowIfNull(tensor, $"{nameof(tensors)}['{name}']");
            long end = offset + (long)tensor.Count * sizeof(float);
            entries.Add(new TensorEntry(name, tensor.Shape, offset, end));
            offset = end;
        }
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            ArgumentNullException.ThrowIfNull(value, $"{nameof(metadata)}['{key}']");
        return new SafeTensorsHeader(entries, metadata);
    }

    /// <summary>
    /// Compact JSON, <c>__metadata__</c> first (keys sorted, where the reference's hash map has
    /// no order), then each tensor as <c>{"dtype","shape","data_offsets"}</c>; padded with spaces
    /// to a multiple of 8 bytes so the data buffer starts aligned.
    /// </summary>
    public byte[] ToBytes()
    {
        var json = new StringBuilder("{");
        if (Metadata is not null)
        {
            json.AppendString(MetadataKey).Append(":{");
            foreach (var (key, value) in Metadata.OrderBy(m => m.Key, HeaderJson.Order))
                json.AppendString(key).Append(':').AppendString(value).Append(',');
            TrimComma(json).Append("},");
        }
        foreach (var t in Tensors)
        {
            json.AppendString(t.Name).Append(":{\"dtype\":").AppendString(F32)
                .Append(",\"shape\":").AppendIntegers(t.Shape)
                .Append(",\"data_offsets\":").AppendIntegers([t.Begin, t.End]).Append("},");
        }
        TrimComma(json).Append('}');
        int length = HeaderJson.Utf8.GetByteCount(json.ToString());
        json.Append(' ', (8 - length % 8) % 8);
        return HeaderJson.Utf8.GetBytes(json.ToString());
    }

    private static StringBuilder TrimComma(StringBuilder json) =>
        json[^1] == ',' ? json.Remove(json.Length - 1, 1) : json;
}
