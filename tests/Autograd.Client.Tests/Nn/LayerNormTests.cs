using Autograd.Client.Nn;

namespace Autograd.Client.Tests.Nn;

/// <summary>LayerNorm as <c>torch.nn.LayerNorm</c>: its parameters, their names and initial values, and its output.</summary>
[Collection(EngineCollection.Name)]
public sealed class LayerNormTests(EngineFixture fixture)
{
    [Fact]
    public async Task LayerNorm_has_a_weight_of_ones_and_a_bias_of_zeros_of_the_normalized_shape_named_as_PyTorch()
    {
        await using var s = fixture.Engine.NewSession();
        var norm = new LayerNorm(s, [2, 3]);

        Assert.Equal(["weight", "bias"], norm.StateDict().Keys);
        Assert.Equal([[2, 3], [2, 3]], norm.Parameters().Select(p => p.Shape));
        Assert.All((await norm.Weight!.DataAsync()).ToArray(), v => Assert.Equal(1f, v));
        Assert.All((await norm.Bias!.DataAsync()).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal([2, 3], norm.NormalizedShape);
        Assert.Equal(1e-5f, norm.Eps);
    }

    [Fact]
    public async Task LayerNorm_without_elementwise_affine_has_no_parameters_and_only_normalizes()
    {
        await using var s = fixture.Engine.NewSession();
        var norm = new LayerNorm(s, [3], elementwiseAffine: false);

        var y = norm.Forward(s.Variable(Tensor.FromArray([1f, 2f, 3f, 10f, 10f, 40f], 2, 3)));

        Assert.Empty(norm.Parameters());
        Assert.Null(norm.Weight);
        // (x − mean) / √(biased var + eps): [1, 2, 3] has var 2/3, [10, 10, 40] var 200
        float a = 1f / MathF.Sqrt(2f / 3f + 1e-5f), b = 10f / MathF.Sqrt(200f + 1e-5f);
        TensorAssert.Close([-a, 0f, a, -b, -b, 2 * b], await y.DataAsync());
    }

    [Fact]
    public async Task LayerNorm_applies_loaded_weights_and_gives_its_parameters_gradients()
    {
        await using var s = fixture.Engine.NewSession();
        var norm = new LayerNorm(s, [3]);
        await norm.LoadStateDictAsync(new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.FromArray([1f, 2f, 3f], 3),
            ["bias"] = Tensor.FromArray([0f, 1f, 0f], 3),
        });

        var y = norm.Forward(s.Variable(Tensor.FromArray([1f, 2f, 3f], 1, 3), requiresGrad: true));
        await y.Sum().BackwardAsync();

        float a = 1f / MathF.Sqrt(2f / 3f + 1e-5f);
        TensorAssert.Close([-a, 1f, 3f * a], await y.DataAsync());
        Assert.Equal("NativeLayerNormBackward", y.GradFn?.Name);
        TensorAssert.Close([-a, 0f, a], await norm.Weight!.GradAsync());   // Σ_rows g · x̂
        TensorAssert.Close([1f, 1f, 1f], await norm.Bias!.GradAsync());    // Σ_rows g
    }

    [Fact]
    public async Task LayerNorm_refuses_an_input_that_does_not_end_with_the_normalized_shape_at_once()
    {
        await using var s = fixture.Engine.NewSession();
        var norm = new LayerNorm(s, [4]);

        var e = Assert.ThrowsAny<ArgumentException>(() => norm.Forward(s.Variable(Tensor.Ones(2, 3))));
        Assert.Contains("layer_norm", e.Message);
        Assert.Throws<ArgumentException>(() => new LayerNorm(s, []));
    }
}
