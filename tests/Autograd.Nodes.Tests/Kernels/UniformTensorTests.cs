using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Autograd.Ops;
using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

/// <summary>
/// Uniform tensors (<see cref="Tensor.Full"/>) keep one value until their elements are read;
/// kernels that use the value as a scalar must give what they give on the same elements written out.
/// </summary>
public class UniformTensorTests
{
    private static readonly Func<float, float, float>[] Naive =
        [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y];

    /// <summary>The same values as a tensor that is not uniform.</summary>
    private static Tensor Written(float value, params int[] shape) =>
        Tensor.FromArray(Enumerable.Repeat(value, Reference.Count(shape)).ToArray(), shape);

    [Fact]
    public void A_full_tensor_must_read_as_its_value_everywhere_and_stay_uniform_through_reshape()
    {
        var full = Tensor.Full(2.5f, 3, 4);
        Assert.True(full.IsUniform(out float value));
        Assert.Equal(2.5f, value);
        Assert.Equal(12, full.Count);
        Assert.Equal(Enumerable.Repeat(2.5f, 12), full.ToArray());

        var reshaped = full.Reshape(4, 3);
        Assert.True(reshaped.IsUniform(out float again));
        Assert.Equal(2.5f, again);
        Assert.Equal([4, 3], reshaped.Shape);
        Assert.Equal(Enumerable.Repeat(2.5f, 12), reshaped.ToArray());
        Assert.Equal(0f, Tensor.Zeros(0, 3).Span.Length);
    }

    [Fact]
    public void Tensors_built_from_data_must_not_claim_to_be_uniform_even_when_their_values_are()
    {
        Assert.False(Written(1f, 4).IsUniform(out _));
        Assert.False(Elementwise.Add(Reference.Random(1, 4), Reference.Random(2, 4)).IsUniform(out _));
    }

    [Fact]
    public async Task Readers_on_many_threads_must_all_see_one_array_with_the_value()
    {
        var full = Tensor.Full(-0.75f, 100_003);
        var ready = new Barrier(8);
        var sums = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            ready.SignalAndWait(TimeSpan.FromSeconds(10));
            return full.ToArray().Sum(v => (double)v);
        })));
        Assert.All(sums, s => Assert.Equal(-0.75 * 100_003, s, 6));
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(full.Span), ref MemoryMarshal.GetReference(full.Span)));
    }

    public static TheoryData<string, int> FusedGradients => new()
    {
        { "tanh", 19 }, { "tanh", 67 }, { "sigmoid", 19 }, { "sigmoid", 67 },
        { "relu", 19 }, { "relu", 67 }, { "pow3", 19 }, { "pow2", 67 },
    };

    [Theory]
    [MemberData(nameof(FusedGradients))]
    public void A_fused_gradient_with_a_uniform_upstream_gradient_must_match_the_naive_formula(string name, int count)
    {
        const float g = -1.5f;
        var x = Reference.Random(3, count);
        var y = name switch { "tanh" => Unary.Tanh(x), "sigmoid" => Unary.Sigmoid(x), "relu" => Unary.Relu(x), _ => x };
        Func<Tensor, Tensor> vjp = name switch
        {
            "tanh" => grad => Unary.TanhGrad(grad, y),
            "sigmoid" => grad => Unary.SigmoidGrad(grad, y),
            "relu" => grad => Unary.ReluGrad(grad, y),
            "pow3" => grad => Unary.PowGrad(grad, x, 3f),
            _ => grad => Unary.PowGrad(grad, x, 2f),
        };
        Func<float, float, float> naive = name switch
        {
            "tanh" => (_, o) => g * (1f - o * o),
            "sigmoid" => (_, o) => g * o * (1f - o),
            "relu" => (_, o) => o > 0f ? g : 0f,
            "pow3" => (i, _) => g * 3f * i * i,
            _ => (i, _) => g * 2f * i,
        };

        var fromUniform = vjp(Tensor.Full(g, count));
        var expected = x.ToArray().Zip(y.ToArray(), naive).ToArray();
        Reference.Close(expected, fromUniform.Span);
        Assert.Equal(vjp(Written(g, count)).ToArray(), fromUniform.ToArray());
    }

    [Theory]
    [InlineData("4,3", "3", true)]
    [InlineData("4,3", "3", false)]
    [InlineData("2,3", "2,3", true)]
    [InlineData("2,3", "2,3", false)]
    [InlineData("3", "4,3", false)]
    [InlineData("19", "", true)]
    public void A_uniform_operand_must_give_what_the_naive_broadcast_reference_gives(string random, string uniform, bool uniformOnTheRight)
    {
        var x = Reference.Random(5, Reference.Shape(random));
        var u = Tensor.Full(1.25f, Reference.Shape(uniform));
        var (a, b) = uniformOnTheRight ? (x, u) : (u, x);
        foreach (var op in Enum.GetValues<Arithmetic>())
        {
            var actual = Elementwise.Binary(op, a, b);
            Assert.Equal(Reference.BroadcastShape(a.Shape, b.Shape), actual.Shape);
            Reference.Close(Reference.Binary(a, b, Naive[(int)op]), actual.Span);
        }
    }

    [Fact]
    public void Arithmetic_on_uniform_tensors_alone_must_stay_uniform_with_the_right_value_and_shape()
    {
        var sum = Elementwise.Add(Tensor.Full(2f, 4, 1), Tensor.Full(0.5f, 1, 5));
        Assert.Equal([4, 5], sum.Shape);
        Assert.True(sum.IsUniform(out float value));
        Assert.Equal(2.5f, value);
        Assert.Equal(Enumerable.Repeat(2.5f, 20), sum.ToArray());

        var scaled = Elementwise.WithScalar(Arithmetic.Multiply, Tensor.Full(3f, 2, 2), 2f);
        Assert.True(scaled.IsUniform(out float product));
        Assert.Equal(6f, product);
        var reversed = Elementwise.ScalarWith(Arithmetic.Subtract, 1f, Tensor.Full(3f, 2));
        Assert.True(reversed.IsUniform(out float difference));
        Assert.Equal(-2f, difference);
    }

    [Fact]
    public void The_gradient_of_a_full_mean_must_be_uniform_with_one_over_the_count()
    {
        var mean = OpTable.Create(new OpSpec("mean"));
        var x = Reference.Random(6, 8, 4);
        var gradient = GradientRules.Apply(mean, Tensor.Scalar(2f), [x], mean.Forward([x]), [true])[0]!;
        Assert.Equal([8, 4], gradient.Shape);
        Assert.True(gradient.IsUniform(out float value));
        Assert.Equal(2f / 32f, value);
    }
}
