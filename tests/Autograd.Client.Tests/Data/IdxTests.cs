using Autograd.Client.Data;

namespace Autograd.Client.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly IdxFiles _files = new();

    public void Dispose() => _files.Dispose();

    // The extremes of each type, all exact in float32.
    // By code rather than IdxType, which is internal and so cannot appear in a public test's signature.
    public static TheoryData<byte, float[], bool> EveryType()
    {
        var values = new Dictionary<IdxType, float[]>
        {
            [IdxType.UByte] = [0, 1, 127, 128, 200, 255],
            [IdxType.SByte] = [-128, -1, 0, 1, 5, 127],
            [IdxType.Int16] = [short.MinValue, -1, 0, 1, 1234, short.MaxValue],
            [IdxType.Int32] = [-16777216, -1, 0, 1, 123456, 16777216],
            [IdxType.Float32] = [-1.5f, -0f, 0, 3.25f, 1e-30f, float.MaxValue],
            [IdxType.Float64] = [-1.5f, 0, 0.1f, 1e10f, float.Epsilon, float.MinValue],
        };
        var data = new TheoryData<byte, float[], bool>();
        foreach (var (type, v) in values)
            foreach (bool gzip in new[] { false, true })
                data.Add((byte)type, v, gzip);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Every_element_type_reads_back_as_float32_with_the_files_dims(byte type, float[] values, bool gzip)
    {
        var path = _files.Write("t", (IdxType)type, [2, 3], values, gzip);

        var tensor = Idx.Read(path);

        Assert.Equal([2, 3], tensor.Shape);
        Assert.Equal(values, tensor.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rank_zero_is_one_value_and_a_zero_size_dim_is_an_empty_tensor(bool gzip)
    {
        var scalar = Idx.Read(_files.Write("scalar", IdxType.Int16, [], [-7], gzip));
        var empty = Idx.Read(_files.Write("empty", IdxType.UByte, [0, 5], [], gzip));

        Assert.Equal([], scalar.Shape);
        Assert.Equal(-7f, scalar.Item());
        Assert.Equal([0, 5], empty.Shape);
    }

    [Fact]
    public void A_gzip_file_is_recognised_by_its_content_not_its_name()
    {
        var path = _files.Write("t", IdxType.UByte, [3], [1, 2, 3], gzip: true);
        var renamed = Path.Combine(_files.Directory, "no-extension");
        File.Move(path, renamed);

        Assert.Equal([1f, 2, 3], Idx.Read(renamed).ToArray());
    }

    // Header problems: the same message whether the file is plain or gzipped.
    public static TheoryData<string, byte[], string> MalformedHeaders() => new()
    {
        { "bad magic", [0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7], "bad magic 0x01 0x00" },
        { "unknown type", [0x00, 0x00, 0x0A, 0x01, 0, 0, 0, 1, 7], "unknown element type 0x0A" },
        { "a dim beyond int", [0x00, 0x00, 0x08, 0x01, 0x80, 0, 0, 0], "dimension 0 has size 2147483648" },
        { "dims whose product overflows", [0x00, 0x00, 0x08, 0x03, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0], "more than" },
        { "no room for the magic", [0x00, 0x00, 0x08], "ends inside its header" },
        { "fewer dims than the rank", [0x00, 0x00, 0x08, 0x02, 0, 0, 0, 1], "ends inside its header" },
        { "an empty file", [], "ends inside its header" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void A_malformed_header_is_rejected_saying_what_is_wrong(string problem, byte[] bytes, string expected)
    {
        foreach (bool gzip in new[] { false, true })
        {
            var path = _files.Write(problem, bytes, gzip);
            var error = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
            Assert.Contains("not a valid IDX file", error.Message);
            Assert.Contains(expected, error.Message);
        }
    }

    [Theory]
    [InlineData(3, false, "need 4 bytes of data but the file has 3")]
    [InlineData(5, false, "need 4 bytes of data but the file has 5")]
    [InlineData(3, true, "truncated: the data ends after 3 of 4 bytes")]
    [InlineData(5, true, "more data than the 4 elements")]
    public void Data_that_does_not_match_the_dims_is_rejected(int dataBytes, bool gzip, string expected)
    {
        byte[] bytes = [0x00, 0x00, 0x08, 0x01, 0, 0, 0, 4, .. new byte[dataBytes]];

        var error = Assert.Throws<InvalidDataException>(() => Idx.Read(_files.Write("t", bytes, gzip)));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_header_claiming_two_gigabytes_over_a_few_bytes_allocates_only_what_arrives(bool gzip)
    {
        // 2^28 doubles claimed, 16 bytes present: a reader trusting the header would allocate 1 GB first.
        byte[] bytes = [0x00, 0x00, 0x0E, 0x01, 0x10, 0, 0, 0, .. new byte[16]];
        var path = _files.Write("t", bytes, gzip);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4L * IdxReader.InitialCapacity + (1 << 20), $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_gzip_stream_cut_short_is_invalid_data()
    {
        var path = _files.Write("t", IdxType.Float32, [1000], Enumerable.Range(0, 1000).Select(i => (float)i).ToArray(), gzip: true);
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        Assert.Throws<InvalidDataException>(() => Idx.Read(path));
    }
}
