namespace Autograd.Client.Tests.Checkpoints;

/// <summary>
/// Interop with PyTorch: <c>Golden/sequential.safetensors</c> holds a real model's state dict
/// written per the specification by <c>Golden/make_safetensors.py</c>; the JSON beside it holds
/// the same values. Reading it gives those values exactly, and writing those values gives the
/// same file byte for byte.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class CheckpointGoldenTests(EngineFixture fixture) : IDisposable
{
    private readonly ScratchDirectory _dir = new();
    private readonly SequentialGolden _golden = SequentialGolden.Load();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Loading_the_PyTorch_file_gives_exactly_the_state_dict_and_metadata_PyTorch_wrote()
    {
        var loaded = Checkpoint.Load(SequentialGolden.SafeTensorsPath);

        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], loaded.Keys);
        foreach (var (name, expected) in _golden.StateDict)
        {
            Assert.Equal(expected.Shape, loaded[name].Shape);
            Assert.Equal(expected.Data, loaded[name].ToArray());
        }
        Assert.Equal(SequentialGolden.Metadata, Checkpoint.LoadMetadata(SequentialGolden.SafeTensorsPath));
    }

    [Fact]
    public void Writing_the_same_tensors_and_metadata_gives_the_PyTorch_file_byte_for_byte()
    {
        string path = _dir.File("sequential.safetensors");

        Checkpoint.Save(path, _golden.StateDict.ToDictionary(p => p.Key, p => p.Value.ToTensor()), SequentialGolden.Metadata);

        Assert.Equal(File.ReadAllBytes(SequentialGolden.SafeTensorsPath), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Saving_the_variables_of_a_session_gives_the_PyTorch_file_byte_for_byte()
    {
        await using var s = fixture.Engine.NewSession();
        var variables = _golden.StateDict.ToDictionary(
            p => p.Key,
            p => p.Key == "0.weight"
                ? s.Variable(p.Value.ToTensor(), requiresGrad: true, sharding: Sharding.Rows(2))   // 3 rows: shards of 2 and 1
                : s.Variable(p.Value.ToTensor(), requiresGrad: true));
        // kept in the output directory, for: make_safetensors.py --verify bin/Release/net10.0/sequential_from_session.safetensors
        string path = Path.Combine(AppContext.BaseDirectory, "sequential_from_session.safetensors");

        await Checkpoint.SaveAsync(path, variables, SequentialGolden.Metadata);

        Assert.Equal(File.ReadAllBytes(SequentialGolden.SafeTensorsPath), File.ReadAllBytes(path));
    }
}
