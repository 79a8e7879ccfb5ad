using System.Text.Json;
using Autograd.Client.Nn;
using Autograd.Client.Tests.Cluster;
using Autograd.Client.Tests.EndToEnd;

namespace Autograd.Client.Tests.Nn;

/// <summary>
/// A transformer layer end to end (causal multi-head self-attention with reshape, transpose, batched
/// matmul, a causal masked_fill and softmax; layer norms; a GELU MLP; residuals): forward and backward
/// equal PyTorch's (Golden/make_transformer.py), on 1 and 3 members with the batch row-sharded.
/// </summary>
public class TransformerLayerTests(EmbeddedClusters clusters) : IClassFixture<EmbeddedClusters>
{
    private sealed record Golden(int Heads, Dictionary<string, GoldenTensor> StateDict, GoldenTensor Input, GoldenTensor Output,
        GoldenTensor R, GoldenTensor InputGrad, Dictionary<string, GoldenTensor> Grads);

    private static readonly Golden Expected = JsonSerializer.Deserialize<Golden>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "transformer_golden.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    [Theory]
    [InlineData(1), InlineData(3)]
    public async Task A_transformer_layer_computes_PyTorchs_output_and_gradients(int members)
    {
        var engine = await clusters.WithMembers(members);
        await using var s = engine.NewSession();
        int width = Expected.Input.Shape[^1];
        var layer = new TransformerLayer(s, width, Expected.Heads);
        await layer.LoadStateDictAsync(Expected.StateDict.ToDictionary(kv => kv.Key, kv => kv.Value.ToTensor()));
        var x = s.Variable(Expected.Input.ToTensor(), requiresGrad: true, sharding: members > 1 ? Sharding.Rows(members) : null);

        var output = layer.Forward(x);
        await (output * s.Variable(Expected.R.ToTensor(), sharding: x.Sharding)).Sum().BackwardAsync();

        Assert.Equal(x.Sharding, output.Sharding);   // every op of the layer ran shard by shard
        Close("output", Expected.Output.Data, await output.DataAsync());
        Close("input grad", Expected.InputGrad.Data, (await x.GradAsync())!);
        foreach (var (name, parameter) in layer.NamedParameters())
            Close($"grad of {name}", Expected.Grads[name].Data, (await parameter.GradAsync())!);
    }

    [Fact]
    public async Task Its_parameters_have_PyTorch_names_and_shapes()
    {
        await using var s = (await clusters.WithMembers(1)).NewSession();
        var layer = new TransformerLayer(s, 16, 4);

        Assert.Equal(Expected.StateDict.Keys.Order(), layer.StateDict().Keys.Order());
        foreach (var (name, parameter) in layer.NamedParameters())
            Assert.Equal(Expected.StateDict[name].Shape, parameter.Shape);
        Assert.Throws<ArgumentException>(() => new TransformerLayer(s, 10, 4));
    }

    private static void Close(string what, float[] expected, Tensor actual)
    {
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.True(MathF.Abs(expected[i] - values[i]) <= 1e-4f + 1e-4f * MathF.Abs(expected[i]),
                $"{what}: element {i} is {values[i]}, PyTorch has {expected[i]}");
    }
}
