using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class UnaryTests
{
    private static readonly Tensor Values = Tensor.FromArray(
        [-3f, -1.5f, -0.25f, 0f, 0.25f, 0.5f, 1f, 2f, 3.5f, 7f, -7f, 10f, 0.125f, -0.125f, 4f, -4f, 1.75f, -2.5f, 5f], 19);

    private static readonly Tensor Positive = Unary.Exp(Values);

    public static TheoryData<string> Functions => ["neg", "exp", "log", "sqrt", "tanh", "sigmoid", "relu"];

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_function_must_match_the_scalar_math_elementwise(string name)
    {
        Func<Tensor, Tensor> kernel;
        Func<float, float> naive;
        Tensor input = Values;
        switch (name)
        {
            case "neg": kernel = Unary.Negate; naive = v => -v; break;
            case "exp": kernel = Unary.Exp; naive = MathF.Exp; break;
            case "log": kernel = Unary.Log; naive = MathF.Log; input = Positive; break;
            case "sqrt": kernel = Unary.Sqrt; naive = MathF.Sqrt; input = Positive; break;
            case "tanh": kernel = Unary.Tanh; naive = MathF.Tanh; break;
            case "sigmoid": kernel = Unary.Sigmoid; naive = v => 1f / (1f + MathF.Exp(-v)); break;
            case "relu": kernel = Unary.Relu; naive = v => MathF.Max(v, 0f); break;
            default: throw new ArgumentException(name);
        }
        var actual = kernel(input);
        Assert.Equal(input.Shape, actual.Shape);
        Reference.Close(input.ToArray().Select(naive).ToArray(), actual.Span, 1e-5f);
    }

    [Fact]
    public void Kernels_must_keep_the_shape_of_zero_dimensional_and_size_one_tensors()
    {
        Assert.Equal([], Unary.Exp(Tensor.Scalar(0f)).Shape);
        Assert.Equal(1f, Unary.Exp(Tensor.Scalar(0f)).Item());
        Assert.Equal([1, 3, 1], Unary.Tanh(Tensor.Zeros(1, 3, 1)).Shape);
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(3f)]
    [InlineData(0.5f)]
    [InlineData(-1f)]
    [InlineData(1f)]
    [InlineData(0f)]
    [InlineData(1.5f)]
    public void Pow_and_its_gradient_must_match_the_scalar_formulas(float c)
    {
        var g = Reference.Random(5, 19);
        var actual = Unary.Pow(Positive, c);
        Reference.Close(Positive.ToArray().Select(v => MathF.Pow(v, c)).ToArray(), actual.Span, 1e-5f);

        var grad = Unary.PowGrad(g, Positive, c);
        var expected = Positive.ToArray().Zip(g.ToArray(), (v, gi) => c == 0 ? 0f : gi * c * MathF.Pow(v, c - 1)).ToArray();
        Reference.Close(expected, grad.Span, 1e-4f);
    }

    [Fact]
    public void Pow_with_an_integer_exponent_must_accept_negative_bases()
    {
        Assert.Equal([9f, 0.25f], Unary.Pow(Tensor.FromArray([-3f, -0.5f], 2), 2f).ToArray());
        Reference.Close([-27f, -0.125f], Unary.Pow(Tensor.FromArray([-3f, -0.5f], 2), 3f).Span);
    }

    [Fact]
    public void Fused_gradients_must_match_their_unfused_formulas()
    {
        var g = Reference.Random(6, 19);
        var gs = g.ToArray();
        var tanh = Unary.Tanh(Values).ToArray();
        var sigmoid = Unary.Sigmoid(Values).ToArray();
        var relu = Unary.Relu(Values);

        Reference.Close(tanh.Select((y, i) => gs[i] * (1 - y * y)).ToArray(), Unary.TanhGrad(g, Unary.Tanh(Values)).Span);
        Reference.Close(sigmoid.Select((y, i) => gs[i] * y * (1 - y)).ToArray(), Unary.SigmoidGrad(g, Unary.Sigmoid(Values)).Span);
        Reference.Close(Values.ToArray().Select((x, i) => x > 0 ? gs[i] : 0f).ToArray(), Unary.ReluGrad(g, relu).Span, 0f);
    }

    [Fact]
    public void Relu_gradient_must_be_zero_at_zero_like_pytorch()
    {
        var grad = Unary.ReluGrad(Tensor.Ones(3), Unary.Relu(Tensor.FromArray([-1f, 0f, 1f], 3)));
        Assert.Equal([0f, 0f, 1f], grad.ToArray());
    }

    [Fact]
    public void Hand_vectorized_gradients_must_handle_lengths_that_are_not_a_multiple_of_the_vector_width()
    {
        foreach (int n in new[] { 1, 7, 8, 15, 16, 17, 33, 1000 })
        {
            var x = Reference.Random(n, n);
            var g = Reference.Random(n + 1, n);
            var gs = g.ToArray();
            var grad = Unary.ReluGrad(g, Unary.Relu(x));
            Assert.Equal(x.ToArray().Zip(gs, (xi, gi) => xi > 0 ? gi : 0f).ToArray(), grad.ToArray());

            var tanh = Unary.Tanh(x);
            Reference.Close(tanh.ToArray().Select((y, i) => gs[i] * (1 - y * y)).ToArray(), Unary.TanhGrad(g, tanh).Span, 1e-6f);
            var sigmoid = Unary.Sigmoid(x);
            Reference.Close(sigmoid.ToArray().Select((y, i) => gs[i] * y * (1 - y)).ToArray(), Unary.SigmoidGrad(g, sigmoid).Span, 1e-6f);
        }
    }
}
