using System.Text;

namespace Autograd.Client.Tests.Checkpoints;

/// <summary>
/// Every way a file can break the specification, each refused by <see cref="Checkpoint.Load"/>
/// with an <see cref="InvalidDataException"/> that names the file and says what is wrong.
/// </summary>
public sealed class MalformedCheckpointTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Data(int bytes) => new byte[bytes];

    /// <summary>A header of one tensor 'w' with these raw JSON fields, and 8 bytes of data (two floats).</summary>
    private static byte[] W(string fields, int dataBytes = 8) => SafeTensorsBytes.File("{\"w\":{" + fields + "}}", Data(dataBytes));

    private const string Good = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";

    public static TheoryData<string, byte[], string> Files => new()
    {
        // the length prefix
        { "empty file", [], "has 0 bytes, shorter than the 8-byte header length" },
        { "7 bytes", [8, 0, 0, 0, 0, 0, 0], "has 7 bytes, shorter than the 8-byte header length" },
        { "header length past the end", SafeTensorsBytes.File("{}", declaredLength: 100), "header length 100 runs past the end of the file (10 bytes)" },
        { "header length above the cap", SafeTensorsBytes.File("{}", declaredLength: 100_000_001), "header length 100000001 exceeds the limit of 100000000 bytes" },
        { "header length 2^64-1", SafeTensorsBytes.File("{}", declaredLength: ulong.MaxValue), "exceeds the limit" },
        // the header text
        { "header not UTF-8", SafeTensorsBytes.File([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']), "header is not valid UTF-8" },
        { "header not an object", SafeTensorsBytes.File("[]      "), "header does not start with '{'" },
        { "header starting with a space", SafeTensorsBytes.File(" {}     "), "header does not start with '{'" },
        { "empty header", SafeTensorsBytes.File(""), "header does not start with '{'" },
        { "header cut short", SafeTensorsBytes.File("{\"w\":"), "header is not valid JSON" },
        { "trailing comma", SafeTensorsBytes.File("{\"a\":1,}"), "header is not valid JSON" },
        { "text after the object", SafeTensorsBytes.File("{} x"), "header is not valid JSON" },
        { "nesting too deep", SafeTensorsBytes.File("{\"w\":" + new string('[', 200) + new string(']', 200) + "}"), "header is not valid JSON" },
        { "lone surrogate in a name", SafeTensorsBytes.File("{\"\\ud800\":{" + Good + "}}", Data(8)), "the header has a string with an invalid \\u escape" },
        { "lone surrogate in metadata", SafeTensorsBytes.File("{\"__metadata__\":{\"a\":\"\\udc00\"}}"), "the header has a string with an invalid \\u escape" },
        { "duplicate tensor name", SafeTensorsBytes.File("{\"w\":{" + Good + "},\"w\":{" + Good + "}}", Data(8)), "header names 'w' twice" },
        // one tensor's fields
        { "tensor not an object", SafeTensorsBytes.File("""{"w":[0,8]}"""), "tensor 'w' must be an object, not an array" },
        { "no dtype", W("\"shape\":[2],\"data_offsets\":[0,8]"), "tensor 'w' has no \"dtype\"" },
        { "no shape", W("\"dtype\":\"F32\",\"data_offsets\":[0,8]"), "tensor 'w' has no \"shape\"" },
        { "no data_offsets", W("\"dtype\":\"F32\",\"shape\":[2]"), "tensor 'w' has no \"data_offsets\"" },
        { "two dtypes", W("\"dtype\":\"F32\"," + Good), "tensor 'w' has two \"dtype\" fields" },
        { "dtype a number", W("\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]"), "tensor 'w' has a dtype that is a number, not a string" },
        { "unknown dtype", W("\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]"), "tensor 'w' has unknown dtype 'Q7'" },
        { "lower-case dtype", W("\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]"), "unknown dtype 'f32'" },
        { "F16", W("\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]"), "dtype F16, which this engine does not support: only F32" },
        { "I64", W("\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]"), "dtype I64, which this engine does not support: only F32" },
        { "shape not an array", W("\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]"), "has a shape that is a number, not an array of sizes" },
        { "negative size", W("\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,8]"), "negative size -1 at dimension 1" },
        { "fractional size", W("\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]"), "size 1.5 at dimension 0, not an integer" },
        { "size as a string", W("\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]"), "size \"2\" at dimension 0, not an integer" },
        { "size beyond int", W("\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,8]"), "size 3000000000 at dimension 0, above the largest" },
        { "size beyond long", W("\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]"), "not an integer" },
        { "element count overflow", W("\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,8]"), "has more than 2147483591 elements" },
        { "offsets not an array", W("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":8"), "data_offsets 8, not two non-negative integers" },
        { "one offset", W("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]"), "not two non-negative integers" },
        { "three offsets", W("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]"), "not two non-negative integers" },
        { "negative offset", W("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]"), "not two non-negative integers" },
        { "fractional offset", W("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.5]"), "not two non-negative integers" },
        { "begin after end", W("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]"), "data_offsets [8, 0] that begin after they end" },
        { "end past the data", W("\"dtype\":\"F32\",\"shape\":[100],\"data_offsets\":[0,400]"), "data_offsets [0, 400] out of range: the data buffer has 8 bytes" },
        { "end at 2^64-1", W("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551615]"), "out of range" },
        { "bytes not matching the shape", W("\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]"), "of shape [3] needs 12 bytes of F32 but its data_offsets [0, 8] hold 8" },
        // the layout of the data buffer
        { "not from 0", SafeTensorsBytes.File("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", Data(8)), "tensor 'w' begins at byte 4 where 0 was expected" },
        { "gap", SafeTensorsBytes.File("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", Data(12)), "tensor 'b' begins at byte 8 where 4 was expected" },
        { "overlap", SafeTensorsBytes.File("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", Data(12)), "tensor 'b' begins at byte 4 where 8 was expected" },
        { "same bytes twice", SafeTensorsBytes.File("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", Data(8)), "begins at byte 0 where 8 was expected" },
        { "data left over", W(Good, dataBytes: 12), "the tensors cover 8 bytes but the data buffer has 12" },
        { "data but no tensors", SafeTensorsBytes.File("{}", Data(4)), "the tensors cover 0 bytes but the data buffer has 4" },
        // the metadata
        { "metadata a string", SafeTensorsBytes.File("""{"__metadata__":"pt"}"""), "__metadata__ must be an object of strings, not a string" },
        { "metadata null", SafeTensorsBytes.File("""{"__metadata__":null}"""), "__metadata__ must be an object of strings, not null" },
        { "metadata value a number", SafeTensorsBytes.File("""{"__metadata__":{"step":12}}"""), "but 'step' is a number" },
        { "metadata value an object", SafeTensorsBytes.File("""{"__metadata__":{"a":{}}}"""), "but 'a' is an object" },
        { "metadata key twice", SafeTensorsBytes.File("""{"__metadata__":{"a":"1","a":"2"}}"""), "__metadata__ names 'a' twice" },
        { "metadata twice", SafeTensorsBytes.File("""{"__metadata__":{},"__metadata__":{}}"""), "header names '__metadata__' twice" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_malformed_file_is_refused_with_a_message_naming_the_file_and_the_problem(string file, byte[] bytes, string phrase)
    {
        string path = _dir.Write(file.Replace(' ', '-') + ".safetensors", bytes);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));

        Assert.Contains(phrase, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Reading_only_the_metadata_refuses_a_malformed_file_too()
    {
        string path = _dir.Write("gap.safetensors", W(Good, dataBytes: 12));

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadMetadata(path));

        Assert.Contains("data buffer has 12", error.Message);
    }

    [Fact]
    public void A_tensor_with_a_zero_size_and_huge_others_is_valid_and_empty()
    {
        // the product is 0 whatever the other sizes: nothing to allocate, nothing to overflow
        string path = _dir.Write("zero.safetensors",
            SafeTensorsBytes.File(Encoding.UTF8.GetBytes("""{"w":{"dtype":"F32","shape":[0,2147483647,2147483647],"data_offsets":[0,0]}}""")));

        var w = Checkpoint.Load(path)["w"];

        Assert.Equal([0, int.MaxValue, int.MaxValue], w.Shape);
        Assert.Equal(0, w.Count);
    }
}
