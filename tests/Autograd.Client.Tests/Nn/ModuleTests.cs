using Autograd.Client.Nn;
using Autograd.Client.Optim;
using Autograd.Client.Tests.Checkpoints;

namespace Autograd.Client.Tests.Nn;

/// <summary>Modules as <c>torch.nn</c>'s: PyTorch's names, layout and initialisation, state dicts both ways, modes.</summary>
[Collection(EngineCollection.Name)]
public sealed class ModuleTests(EngineFixture fixture)
{
    private static Sequential Mlp(Session s) => new(new Linear(s, 4, 3), new ReLU(), new Linear(s, 3, 2));

    [Fact]
    public async Task A_Sequential_names_its_parameters_as_PyTorch_does()
    {
        await using var s = fixture.Engine.NewSession();
        var model = Mlp(s);

        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.StateDict().Keys);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal([[3, 4], [3], [2, 3], [2]], model.Parameters().Select(p => p.Shape));
        Assert.All(model.Parameters(), p => Assert.True(p.IsLeaf && p.RequiresGrad));
    }

    [Fact]
    public async Task Linear_initialises_from_the_sessions_seed_within_PyTorchs_default_bounds()
    {
        await using var s = fixture.Engine.NewSession();
        s.ManualSeed(7);
        var first = new Linear(s, 16, 8);
        s.ManualSeed(7);
        var again = new Linear(s, 16, 8);
        var other = new Linear(s, 16, 8, bias: false);

        var w = (await first.Weight.DataAsync()).ToArray();
        Assert.Equal(w, (await again.Weight.DataAsync()).ToArray());
        Assert.NotEqual(w, (await other.Weight.DataAsync()).ToArray());
        Assert.All(w, v => Assert.InRange(v, -0.25f, 0.25f));   // U(-1/√16, 1/√16)
        Assert.True(w.Max() - w.Min() > 0.3f, "the weights should spread over most of the range");
        Assert.All((await first.Bias!.DataAsync()).ToArray(), v => Assert.InRange(v, -0.25f, 0.25f));
        Assert.Null(other.Bias);
        Assert.Equal(["weight"], other.StateDict().Keys);
    }

    [Fact]
    public async Task A_PyTorch_checkpoint_loads_into_the_equivalent_Sequential_and_gives_PyTorchs_output()
    {
        var golden = SequentialGolden.Load();
        await using var s = fixture.Engine.NewSession();
        var model = Mlp(s);

        await model.LoadStateDictAsync(Checkpoint.Load(SequentialGolden.SafeTensorsPath));
        var output = await model.Forward(s.Variable(golden.Input.ToTensor())).DataAsync();

        TensorAssert.Close(golden.Output.Data, output, 1e-5f);
    }

    [Fact]
    public async Task A_saved_model_loads_into_a_fresh_one_in_another_session()
    {
        var x = Tensor.RandomUniform(3, -1f, 1f, 5, 4);
        await using var s = fixture.Engine.NewSession();
        var model = Mlp(s);
        var path = Path.Combine(Path.GetTempPath(), $"module-{Guid.NewGuid():N}.safetensors");
        try
        {
            await Checkpoint.SaveAsync(path, model.StateDict());
            await using var t = fixture.Engine.NewSession();
            t.ManualSeed(99);
            var copy = Mlp(t);
            await copy.LoadStateDictAsync(Checkpoint.Load(path));

            Assert.Equal((await model.Forward(s.Variable(x)).DataAsync()).ToArray(), (await copy.Forward(t.Variable(x)).DataAsync()).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Loading_refuses_missing_unexpected_and_misshapen_entries_before_changing_anything()
    {
        await using var s = fixture.Engine.NewSession();
        var model = Mlp(s);
        var good = new Dictionary<string, Tensor>(Checkpoint.Load(SequentialGolden.SafeTensorsPath));
        var before = (await model.StateDict()["0.weight"].DataAsync()).ToArray();

        var missing = new Dictionary<string, Tensor>(good);
        missing.Remove("2.bias");
        Assert.Contains("Missing key(s): [2.bias]", (await Assert.ThrowsAsync<ArgumentException>(() => model.LoadStateDictAsync(missing))).Message);
        var unexpected = new Dictionary<string, Tensor>(good) { ["3.weight"] = Tensor.Zeros(1) };
        Assert.Contains("Unexpected key(s): [3.weight]", (await Assert.ThrowsAsync<ArgumentException>(() => model.LoadStateDictAsync(unexpected))).Message);
        var misshapen = new Dictionary<string, Tensor>(good) { ["0.bias"] = Tensor.Zeros(4) };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => model.LoadStateDictAsync(misshapen));
        Assert.Contains("size mismatch for 0.bias: copying a param with shape [4] from checkpoint, the shape in current model is [3]", e.Message);

        Assert.Equal(before, (await model.StateDict()["0.weight"].DataAsync()).ToArray());
    }

    [Fact]
    public async Task An_optimizer_keeps_working_on_parameters_whose_values_were_loaded()
    {
        await using var s = fixture.Engine.NewSession();
        var model = new Linear(s, 2, 1);
        var sgd = new Sgd(model.Parameters(), lr: 0.5f);

        await model.LoadStateDictAsync(new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.FromArray([1f, 2f], 1, 2),
            ["bias"] = Tensor.FromArray([3f], 1),
        });
        await model.Forward(s.Variable(Tensor.FromArray([1f, 1f], 1, 2))).Sum().BackwardAsync();
        await sgd.StepAsync();

        Assert.Equal(new[] { 0.5f, 1.5f }, (await model.Weight.DataAsync()).ToArray());
        Assert.Equal(new[] { 2.5f }, (await model.Bias!.DataAsync()).ToArray());
    }

    [Fact]
    public async Task Train_and_Eval_reach_every_child()
    {
        await using var s = fixture.Engine.NewSession();
        var inner = new Sequential(new Linear(s, 2, 2), new Tanh());
        var model = new Sequential(inner, new Sigmoid());

        Assert.True(inner[1].IsTraining);
        model.Eval();
        Assert.False(inner[1].IsTraining);
        Assert.Equal(["0.0.weight", "0.0.bias"], model.StateDict().Keys);
        model.Train();
        Assert.True(inner[0].IsTraining);
    }

    [Fact]
    public async Task A_row_sharded_batch_goes_through_a_Linear_shard_by_shard()
    {
        await using var s = fixture.Engine.NewSession();
        var model = Mlp(s);
        var x = Tensor.RandomUniform(5, -1f, 1f, 6, 4);

        var sharded = model.Forward(s.Variable(x, sharding: Sharding.Rows(3)));
        var whole = model.Forward(s.Variable(x));

        Assert.Equal(Sharding.Rows(3), sharded.Sharding);
        TensorAssert.Close((await whole.DataAsync()).ToArray(), await sharded.DataAsync(), 1e-6f);
    }

    [Fact]
    public async Task Linear_refuses_an_input_of_the_wrong_width_at_once()
    {
        await using var s = fixture.Engine.NewSession();
        var layer = new Linear(s, 4, 3);

        var e = Assert.Throws<ArgumentException>(() => layer.Forward(s.Variable(Tensor.Zeros(2, 5))));
        Assert.Contains("in_features = 4", e.Message);
        Assert.Contains("[2, 5]", e.Message);
    }
}
