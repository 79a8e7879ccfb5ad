using Autograd.Client.Nn;

namespace Autograd.Client.Tests.Nn;

/// <summary>Dropout as PyTorch's: its mask from the session's generator, reused by backward; nothing at all outside training.</summary>
[Collection(EngineCollection.Name)]
public sealed class DropoutTests(EngineFixture fixture)
{
    [Fact]
    public async Task Dropout_zeroes_some_elements_scales_the_rest_and_masks_the_gradient_the_same_way()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.RandomUniform(1, 0.5f, 2f, 16, 32), requiresGrad: true);

        var y = x.Dropout(0.25f, training: true);
        await y.BackwardAsync(Tensor.Ones(16, 32));

        var xs = (await x.DataAsync()).ToArray();
        var ys = (await y.DataAsync()).ToArray();
        var grad = (await x.GradAsync())!.ToArray();
        Assert.InRange(ys.Count(v => v == 0f), 64, 192);   // 512 draws at p = 1/4: 128 expected
        for (int i = 0; i < ys.Length; i++)
        {
            Assert.Equal(ys[i] == 0f ? 0f : xs[i] / 0.75f, ys[i], 1e-5f);
            Assert.Equal(ys[i] == 0f ? 0f : 1f / 0.75f, grad[i], 1e-6f);
        }
    }

    [Fact]
    public async Task The_same_manual_seed_gives_the_same_mask_and_the_next_call_a_new_one()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(8, 8));

        s.ManualSeed(3);
        var first = (await x.Dropout(0.5f, training: true).DataAsync()).ToArray();
        var second = (await x.Dropout(0.5f, training: true).DataAsync()).ToArray();
        s.ManualSeed(3);
        var again = (await x.Dropout(0.5f, training: true).DataAsync()).ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Dropout_outside_training_or_with_p_0_is_the_variable_itself()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(2, 3), requiresGrad: true);

        Assert.Same(x, x.Dropout(0.5f, training: false));
        Assert.Same(x, x.Dropout(0f, training: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Dropout(1.5f, training: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Dropout(-0.5f, training: true));
    }

    [Fact]
    public async Task Dropout_with_p_1_zeroes_everything()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.RandomNormal(2, 3, 4), requiresGrad: true);

        var y = x.Dropout(1f, training: true);
        await y.Sum().BackwardAsync();

        Assert.All((await y.DataAsync()).ToArray(), v => Assert.Equal(0f, MathF.Abs(v)));
        Assert.All((await x.GradAsync())!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public async Task The_Dropout_module_follows_Train_and_Eval()
    {
        await using var s = fixture.Engine.NewSession();
        var dropout = new Dropout(0.5f);
        var model = new Sequential(new Linear(s, 4, 4), dropout);
        var x = s.Variable(Tensor.Ones(3, 4));

        Assert.True(dropout.IsTraining);
        Assert.Equal("NativeDropoutBackward", dropout.Forward(x * s.Variable(Tensor.Ones(4), requiresGrad: true)).GradFn?.Name);
        model.Eval();
        Assert.Same(x, dropout.Forward(x));
        model.Train();
        Assert.NotSame(x, dropout.Forward(x));
        Assert.Equal(0.5f, new Dropout().P);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(2f));
    }
}
