using System.Text.Json;

namespace Autograd.Client.Tests.Checkpoints;

/// <summary>
/// The bytes the writer makes. The reference crate's own serialization tests give the expected
/// files for its examples (header lengths 64, 72, 8 and 40); the other tests check the conventions
/// those examples do not reach: padding, offsets, ordering and escaping of names.
/// </summary>
public sealed class CheckpointFormatTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string?, int[], string, string?> ReferenceExamples => new()
    {
        // tensor name (none when null), its shape (values 0, 1, 2, ...), the header as the reference
        // writes it (padding included), metadata "framework"
        { "attn.0", [1, 2, 3], """{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}""", null },
        { "attn0", [1, 1, 2, 3], """{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       """, null },
        { null, [], "{}      ", null },
        { null, [], """{"__metadata__":{"framework":"pt"}}     """, "pt" },
    };

    [Theory]
    [MemberData(nameof(ReferenceExamples))]
    public void The_writer_makes_the_reference_crates_bytes_for_its_own_examples(string? name, int[] shape, string header, string? framework)
    {
        float[] values = name is null ? [] : Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => (float)i).ToArray();
        var tensors = new Dictionary<string, Tensor>();
        if (name is not null) tensors[name] = Tensor.FromArray(values, shape);
        var metadata = framework is null ? null : new Dictionary<string, string> { ["framework"] = framework };
        string path = _dir.File("example.safetensors");

        Checkpoint.Save(path, tensors, metadata);

        Assert.Equal(SafeTensorsBytes.File(header, SafeTensorsBytes.Floats(values)), File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcdefgh")]
    [InlineData("encoder.layers.11.self_attn.k_proj.weight")]
    public void The_header_is_padded_with_spaces_to_a_multiple_of_8_and_offsets_run_contiguously_from_0(string prefix)
    {
        var tensors = new Dictionary<string, Tensor>
        {
            [prefix + ".c"] = Tensor.Ones(0),
            [prefix + ".a"] = Tensor.Ones(2, 3),
            [prefix + ".b"] = Tensor.Scalar(1f),
        };
        string path = _dir.File("padded.safetensors");

        Checkpoint.Save(path, tensors);

        byte[] file = File.ReadAllBytes(path);
        var (length, header) = SafeTensorsBytes.Header(file);
        Assert.Equal(0UL, length % 8);
        string json = header.TrimEnd(' ');
        Assert.True(header.Length - json.Length < 8, "at most 7 spaces of padding");
        Assert.EndsWith("}", json);
        using var document = JsonDocument.Parse(json);
        var entries = document.RootElement.EnumerateObject().ToList();
        Assert.Equal([prefix + ".a", prefix + ".b", prefix + ".c"], entries.Select(e => e.Name));
        long offset = 0;
        foreach (var entry in entries)
        {
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            Assert.Equal(offset, offsets[0]);
            offset = offsets[1];
        }
        Assert.Equal(file.Length - 8 - (long)length, offset);
    }

    [Fact]
    public void Names_are_escaped_as_serde_json_escapes_them_and_load_back()
    {
        string name = "q\"b\\s\n\t\u0001\u007f é€😀<&>+";
        string path = _dir.File("names.safetensors");

        Checkpoint.Save(path, new Dictionary<string, Tensor> { [name] = Tensor.Scalar(1f) });

        // only '"', '\' and control characters are escaped (short forms, else \u00xx in lower case); the rest is raw UTF-8
        string expected = "{\"q\\\"b\\\\s\\n\\t\\u0001\u007f é€😀<&>+\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
        Assert.Equal(expected, SafeTensorsBytes.Header(File.ReadAllBytes(path)).Header.TrimEnd(' '));
        Assert.Equal([name], Checkpoint.Load(path).Keys);
    }

    [Fact]
    public void Names_are_ordered_by_their_UTF8_bytes_as_in_Rust_not_by_UTF16()
    {
        // U+E000 is EE 80 80 in UTF-8, U+1F600 is F0 9F 98 80: UTF-16 code units (D83D < E000) order them the other way
        string privateUse = "\uE000", emoji = "😀";
        string path = _dir.File("order.safetensors");

        Checkpoint.Save(path, new Dictionary<string, Tensor> { [emoji] = Tensor.Scalar(2f), [privateUse] = Tensor.Scalar(1f) });

        Assert.Equal([privateUse, emoji], Checkpoint.Load(path).Keys);
    }

    [Fact]
    public void Metadata_comes_first_with_its_keys_sorted()
    {
        string path = _dir.File("metadata.safetensors");

        Checkpoint.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Scalar(1f) },
            new Dictionary<string, string> { ["z"] = "1", ["format"] = "pt" });

        Assert.StartsWith("""{"__metadata__":{"format":"pt","z":"1"},"a":{""", SafeTensorsBytes.Header(File.ReadAllBytes(path)).Header);
    }

    [Fact]
    public void The_reader_takes_tensors_listed_in_any_order_and_ignores_fields_it_does_not_know()
    {
        // as the reference reader: entries sorted by offsets, unknown fields skipped
        string header = """{"b":{"shape":[1],"dtype":"F32","data_offsets":[4,8],"extra":[1]},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}""";
        string path = _dir.Write("any-order.safetensors", SafeTensorsBytes.File(header, SafeTensorsBytes.Floats(1f, 2f)));

        var loaded = Checkpoint.Load(path);

        Assert.Equal(["a", "b"], loaded.Keys);
        Assert.Equal(1f, loaded["a"].Item());
        Assert.Equal([2f], loaded["b"].ToArray());
    }
}
