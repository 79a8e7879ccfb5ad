namespace Autograd.Client.Tests.Checkpoints;

public sealed class CheckpointRoundTripTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int[]> Shapes => new(
        [], [0], [1], [5], [2, 3], [2, 0, 3], [0, 0], [1, 1, 2, 3], [3, 1, 4, 1, 5]);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_tensor_of_any_shape_comes_back_with_its_shape_and_values(int[] shape)
    {
        var tensor = Tensor.RandomNormal(7, shape);
        string path = _dir.File("t.safetensors");

        Checkpoint.Save(path, new Dictionary<string, Tensor> { ["t"] = tensor });
        var loaded = Checkpoint.Load(path)["t"];

        Assert.Equal(shape, loaded.Shape);
        Assert.Equal(tensor.ToArray(), loaded.ToArray());
    }

    [Fact]
    public void Several_tensors_come_back_by_name_in_name_order_whatever_order_they_were_given_in()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["layer.2.weight"] = Tensor.RandomNormal(1, 2, 3),
            ["layer.0.bias"] = Tensor.Scalar(-1.5f),
            ["layer.0.weight"] = Tensor.Ones(3, 4),   // uniform: its elements are filled when written
            ["empty"] = Tensor.Zeros(0, 4),
        };
        string path = _dir.File("model.safetensors");

        Checkpoint.Save(path, tensors);
        var loaded = Checkpoint.Load(path);

        Assert.Equal(["empty", "layer.0.bias", "layer.0.weight", "layer.2.weight"], loaded.Keys);
        foreach (var (name, tensor) in tensors)
        {
            Assert.Equal(tensor.Shape, loaded[name].Shape);
            Assert.Equal(tensor.ToArray(), loaded[name].ToArray());
        }
    }

    [Fact]
    public void Every_float_comes_back_bit_for_bit_including_NaN_infinities_negative_zero_and_subnormals()
    {
        float[] values = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue, 1f / 3];
        string path = _dir.File("special.safetensors");

        Checkpoint.Save(path, new Dictionary<string, Tensor> { ["v"] = Tensor.FromArray(values, values.Length) });

        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), Checkpoint.Load(path)["v"].ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Metadata_comes_back_as_written_and_is_empty_when_none_was()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["step"] = "1200", ["note"] = "lr \"0.1\"\nrésumé" };
        string with = _dir.File("with.safetensors"), without = _dir.File("without.safetensors");
        var tensors = new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(2) };

        Checkpoint.Save(with, tensors, metadata);
        Checkpoint.Save(without, tensors);

        Assert.Equal(metadata.OrderBy(m => m.Key), Checkpoint.LoadMetadata(with).OrderBy(m => m.Key));
        Assert.Empty(Checkpoint.LoadMetadata(without));
        Assert.Equal(["w"], Checkpoint.Load(with).Keys);
    }

    [Fact]
    public void A_checkpoint_of_no_tensors_is_valid()
    {
        string path = _dir.File("empty.safetensors");

        Checkpoint.Save(path, new Dictionary<string, Tensor>());

        Assert.Empty(Checkpoint.Load(path));
    }

    [Fact]
    public void Saving_over_a_checkpoint_replaces_it_and_leaves_no_temporary_file()
    {
        string path = _dir.File("ckpt.safetensors");
        Checkpoint.Save(path, new Dictionary<string, Tensor> { ["old"] = Tensor.Ones(1000) });

        Checkpoint.Save(path, new Dictionary<string, Tensor> { ["new"] = Tensor.Scalar(2f) });

        Assert.Equal(2f, Checkpoint.Load(path)["new"].Item());
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void A_save_that_fails_leaves_the_previous_checkpoint_whole_and_no_temporary_file()
    {
        string path = _dir.File("ckpt.safetensors");
        Checkpoint.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3) });
        byte[] before = File.ReadAllBytes(path);

        var error = Assert.Throws<ArgumentException>(() =>
            Checkpoint.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(4), ["__metadata__"] = Tensor.Ones(1) }));

        Assert.Contains("reserved", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Loading_a_file_that_does_not_exist_is_a_FileNotFoundException()
    {
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(_dir.File("missing.safetensors")));
    }
}
