using Autograd.Client.Nn;

namespace Autograd.Client.Tests.Nn;

/// <summary>nn.GELU as torch.nn.GELU(): the exact GELU of its input, no parameters.</summary>
[Collection(EngineCollection.Name)]
public sealed class GELUTests(EngineFixture fixture)
{
    [Fact]
    public async Task GELU_gives_PyTorchs_exact_gelu_and_its_gradient()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray([-1f, 0f, 0.5f, 1f, 2f], 5), requiresGrad: true);

        var y = new GELU().Forward(x);
        await y.Sum().BackwardAsync();

        // torch.nn.GELU()(x) and its gradient, PyTorch 1.13
        TensorAssert.Close([-0.158655286f, 0f, 0.345731199f, 0.841344714f, 1.95449996f], await y.DataAsync());
        TensorAssert.Close([-0.0833154321f, 0.5f, 0.867495060f, 1.08331537f, 1.08523190f], await x.GradAsync());
        Assert.Equal("GeluBackward", y.GradFn?.Name);
    }

    [Fact]
    public async Task GELU_has_no_parameters_so_a_Sequential_names_its_neighbours_as_PyTorch_does()
    {
        await using var s = fixture.Engine.NewSession();
        var model = new Sequential(new Linear(s, 4, 3), new GELU(), new Linear(s, 3, 2));

        Assert.Empty(new GELU().Parameters());
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.StateDict().Keys);
        Assert.Equal([5, 2], model.Forward(s.Variable(Tensor.Ones(5, 4))).Shape);
    }
}
