namespace Autograd.Client.Tests.Checkpoints;

[Collection(EngineCollection.Name)]
public sealed class CheckpointSessionTests(EngineFixture fixture) : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SaveAsync_writes_the_values_of_leaves_sharded_variables_and_computed_ones()
    {
        var (wValue, rowsValue) = (Tensor.RandomNormal(3, 4, 3), Tensor.RandomNormal(4, 5, 2));
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(wValue, requiresGrad: true);
        var rows = s.Variable(rowsValue, requiresGrad: true, sharding: Sharding.Rows(2));   // shards of 3 and 2 rows
        var doubled = w * 2;
        var total = w.Sum();   // 0-dimensional
        string path = _dir.File("session.safetensors");

        await Checkpoint.SaveAsync(path, new Dictionary<string, Variable>
        {
            ["w"] = w, ["rows"] = rows, ["doubled"] = doubled, ["total"] = total,
        });

        var loaded = Checkpoint.Load(path);
        Assert.Equal(wValue.ToArray(), loaded["w"].ToArray());
        Assert.Equal([5, 2], loaded["rows"].Shape);
        Assert.Equal(rowsValue.ToArray(), loaded["rows"].ToArray());
        TensorAssert.Close(wValue.ToArray().Select(v => v * 2).ToArray(), loaded["doubled"]);
        Assert.Empty(loaded["total"].Shape);
        TensorAssert.Close([wValue.ToArray().Sum()], loaded["total"], 1e-4f);
        Assert.Empty(Checkpoint.LoadMetadata(path));
    }

    [Fact]
    public async Task SaveAsync_writes_metadata_and_a_checkpoint_loads_back_into_new_variables()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Tensor.RandomNormal(5, 2, 2), requiresGrad: true);
        string path = _dir.File("resume.safetensors");

        await Checkpoint.SaveAsync(path, new Dictionary<string, Variable> { ["w"] = w },
            new Dictionary<string, string> { ["epoch"] = "3" });
        var restored = s.Variable(Checkpoint.Load(path)["w"], requiresGrad: true);

        Assert.Equal("3", Checkpoint.LoadMetadata(path)["epoch"]);
        Assert.Equal((await w.DataAsync()).ToArray(), (await restored.DataAsync()).ToArray());
    }
}
