using System.Text.Json;
using System.Text.Unicode;

namespace Autograd.Client.Checkpoints;

/// <summary>
/// Reads and checks a safetensors header as strictly as the reference crate does, so a file
/// this engine accepts is one PyTorch's loader accepts too. Every problem is an
/// <see cref="InvalidDataException"/> naming the file and what is wrong; sizes are checked
/// against the data buffer actually present, so nothing is allocated for sizes a file only claims.
/// </summary>
internal static class HeaderParser
{
    // Every dtype the reference crate knows; of these only F32 is an element type of this engine.
    private static readonly HashSet<string> KnownDTypes =
    [
        "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "F16",
        "BF16", "I32", "U32", SafeTensorsHeader.F32, "F64", "I64", "U64", "C64",
    ];

    public static SafeTensorsHeader Parse(ReadOnlyMemory<byte> header, long dataLength, string path)
    {
        if (!Utf8.IsValid(header.Span)) throw SafeTensorsFile.Invalid(path, "the header is not valid UTF-8");
        if (header.Length == 0 || header.Span[0] != (byte)'{')
            throw SafeTensorsFile.Invalid(path, "the header does not start with '{'");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw SafeTensorsFile.Invalid(path, $"the header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            try
            {
                var (entries, metadata) = ReadEntries(document.RootElement, dataLength, path);
                return new SafeTensorsHeader(CheckContiguous(entries, dataLength, path), metadata);
            }
            catch (InvalidOperationException e)
            {
                // JsonDocument parses "\ud800" (a lone surrogate, which has no UTF-8 form) and throws only when the string is read
                throw SafeTensorsFile.Invalid(path, $"the header has a string with an invalid \\u escape ({e.Message})");
            }
        }
    }

    private static (List<TensorEntry>, Dictionary<string, string>?) ReadEntries(JsonElement root, long dataLength, string path)
    {
        var entries = new List<TensorEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        foreach (var property in root.EnumerateObject())
        {
            if (!names.Add(property.Name))
                throw SafeTensorsFile.Invalid(path, $"the header names '{property.Name}' twice");
            if (property.Name == SafeTensorsHeader.MetadataKey)
                metadata = ReadMetadata(property.Value, path);
            else
                entries.Add(ReadTensor(property.Name, property.Value, dataLength, path));
        }
        return (entries, metadata);
    }

    private static Dictionary<string, string> ReadMetadata(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw SafeTensorsFile.Invalid(path, $"{SafeTensorsHeader.MetadataKey} must be an object of strings, not {Kind(value)}");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw SafeTensorsFile.Invalid(path,
                    $"{SafeTensorsHeader.MetadataKey} must be an object of strings, but '{entry.Name}' is {Kind(entry.Value)}");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw SafeTensorsFile.Invalid(path, $"{SafeTensorsHeader.MetadataKey} names '{entry.Name}' twice");
        }
        return metadata;
    }

    private static TensorEntry ReadTensor(string name, JsonElement value, long dataLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw SafeTensorsFile.Invalid(path, $"tensor '{name}' must be an object, not {Kind(value)}");
        JsonElement? dtype = null, shape = null, offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype": SetOnce(ref dtype, field, name, path); break;
                case "shape": SetOnce(ref shape, field, name, path); break;
                case "data_offsets": SetOnce(ref offsets, field, name, path); break;
                // fields the reference does not know it ignores too
            }
        }
        CheckDType(name, dtype ?? throw Missing(name, "dtype", path), path);
        var sizes = ReadShape(name, shape ?? throw Missing(name, "shape", path), path);
        var (begin, end) = ReadOffsets(name, offsets ?? throw Missing(name, "data_offsets", path), dataLength, path);
        long count = ElementCount(name, sizes, path);
        if (end - begin != count * sizeof(float))
            throw SafeTensorsFile.Invalid(path,
                $"tensor '{name}' of shape {Tensor.ShapeText(sizes)} needs {count * sizeof(float)} bytes of F32 " +
                $"but its data_offsets [{begin}, {end}] hold {end - begin}");
        return new TensorEntry(name, sizes, begin, end);
    }

    private static void CheckDType(string name, JsonElement dtype, string path)
    {
        if (dtype.ValueKind != JsonValueKind.String)
            throw SafeTensorsFile.Invalid(path, $"tensor '{name}' has a dtype that is {Kind(dtype)}, not a string");
        string text = dtype.GetString()!;
        if (text == SafeTensorsHeader.F32) return;
        throw SafeTensorsFile.Invalid(path, KnownDTypes.Contains(text)
            ? $"tensor '{name}' has dtype {text}, which this engine does not support: only F32"
            : $"tensor '{name}' has unknown dtype '{text}'");
    }

    private static int[] ReadShape(string name, JsonElement shape, string path)
    {
        if (shape.ValueKind != JsonValueKind.Array)
            throw SafeTensorsFile.Invalid(path, $"tensor '{name}' has a shape that is {Kind(shape)}, not an array of sizes");
        var sizes = new int[shape.GetArrayLength()];
        int dim = 0;
        foreach (var size in shape.EnumerateArray())
        {
            if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out long value))
                throw SafeTensorsFile.Invalid(path, $"tensor '{name}' has size {Truncated(size.GetRawText())} at dimension {dim}, not an integer");
            if (value < 0)
                throw SafeTensorsFile.Invalid(path, $"tensor '{name}' has negative size {value} at dimension {dim}");
            if (value > int.MaxValue)
                throw SafeTensorsFile.Invalid(path, $"tensor '{name}' has size {value} at dimension {dim}, above the largest this engine holds");
            sizes[dim++] = (int)value;
        }
        return sizes;
    }

    /// <summary>Each size is at most int.MaxValue and the running product is capped below it, so the product cannot overflow.</summary>
    private static long ElementCount(string name, int[] sizes, string path)
    {
        long count = 1;
        foreach (int size in sizes)
        {
            count *= size;
            if (count > Array.MaxLength)
                throw SafeTensorsFile.Invalid(path,
                    $"tensor '{name}' of shape {Tensor.ShapeText(sizes)} has more than {Array.MaxLength} elements");
        }
        return count;
    }

    private static (long Begin, long End) ReadOffsets(string name, JsonElement offsets, long dataLength, string path)
    {
        if (offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !TryGetOffset(offsets[0], out ulong begin) || !TryGetOffset(offsets[1], out ulong end))
            throw SafeTensorsFile.Invalid(path,
                $"tensor '{name}' has data_offsets {Truncated(offsets.GetRawText())}, not two non-negative integers");
        if (begin > end)
            throw SafeTensorsFile.Invalid(path, $"tensor '{name}' has data_offsets [{begin}, {end}] that begin after they end");
        if (end > (ulong)dataLength)
            throw SafeTensorsFile.Invalid(path,
                $"tensor '{name}' has data_offsets [{begin}, {end}] out of range: the data buffer has {dataLength} bytes");
        return ((long)begin, (long)end);
    }

    private static bool TryGetOffset(JsonElement offset, out ulong value)
    {
        value = 0;
        return offset.ValueKind == JsonValueKind.Number && offset.TryGetUInt64(out value);
    }

    /// <summary>
    /// The reference's rule, whatever order the header lists tensors in: sorted by offsets, each
    /// begins where the previous ended, from 0, and the last ends where the file ends.
    /// </summary>
    private static List<TensorEntry> CheckContiguous(List<TensorEntry> entries, long dataLength, string path)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var entry in entries)
        {
            if (entry.Begin != expected)
                throw SafeTensorsFile.Invalid(path,
                    $"tensor '{entry.Name}' begins at byte {entry.Begin} where {expected} was expected: " +
                    "the data buffer must be covered in order, without gaps or overlaps");
            expected = entry.End;
        }
        if (expected != dataLength)
            throw SafeTensorsFile.Invalid(path,
                $"the tensors cover {expected} bytes but the data buffer has {dataLength}: it must be covered entirely");
        return entries;
    }

    private static void SetOnce(ref JsonElement? slot, JsonProperty field, string name, string path) =>
        slot = slot is null ? field.Value : throw SafeTensorsFile.Invalid(path, $"tensor '{name}' has two \"{field.Name}\" fields");

    private static InvalidDataException Missing(string name, string field, string path) =>
        SafeTensorsFile.Invalid(path, $"tensor '{name}' has no \"{field}\"");

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };

    /// <summary>Raw JSON quoted in a message, cut short: a hostile header could put megabytes there.</summary>
    private static string Truncated(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";
}
