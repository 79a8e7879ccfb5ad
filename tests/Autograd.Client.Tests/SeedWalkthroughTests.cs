using Autograd.Client;

namespace Autograd.Client.Tests;

/// <summary>The seed document's walkthrough, as it reads in PyTorch.</summary>
[Collection(EngineCollection.Name)]
public sealed class SeedWalkthroughTests(EngineFixture fixture)
{
    [Fact]
    public async Task Mean_of_three_y_squared_gives_four_and_a_half_everywhere()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(2, 2), requiresGrad: true);
        var y = x + 2;
        Assert.Equal("AddBackward", y.GradFn?.Name);
        TensorAssert.Close([3, 3, 3, 3], await y.DataAsync());

        var z = y * y * 3;
        var @out = z.Mean();
        Assert.Equal("MulBackward", z.GradFn?.Name);
        Assert.Equal("MeanBackward", @out.GradFn?.Name);
        TensorAssert.Close([27, 27, 27, 27], await z.DataAsync());
        Assert.Equal(27f, await @out.ItemAsync());
        Assert.Empty(@out.Shape);

        await @out.BackwardAsync();
        TensorAssert.Close([4.5f, 4.5f, 4.5f, 4.5f], await x.GradAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task Doubling_until_the_norm_passes_1000_scales_the_gradient_by_two_per_doubling(int seed)
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.RandomNormal(seed, 3), requiresGrad: true);
        var y = x * 2;
        int doublings = 0;
        while (await y.NormAsync() < 1000)
        {
            y = y * 2;
            doublings++;
        }
        Assert.True(await y.NormAsync() >= 1000);

        float[] gradient = [0.1f, 1.0f, 0.0001f];
        await y.BackwardAsync(Tensor.FromArray(gradient, 3));

        float scale = MathF.Pow(2, doublings + 1);
        TensorAssert.Close(gradient.Select(g => g * scale).ToArray(), await x.GradAsync());
    }
}
