using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class SoftmaxTests
{
    /// <summary>Naive softmax / log-softmax along a dim in double precision, one output at a time.</summary>
    private static float[] Naive(Tensor x, int dim, bool log)
    {
        var shape = x.Shape;
        var data = x.ToArray();
        var result = new float[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            var index = Reference.Unravel(i, shape);
            var peers = Enumerable.Range(0, shape[dim]).Select(j =>
            {
                var at = (int[])index.Clone();
                at[dim] = j;
                int flat = 0;
                for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + at[d];
                return (double)data[flat];
            }).ToArray();
            double max = peers.Max();
            double logSum = max + Math.Log(peers.Sum(p => Math.Exp(p - max)));
            result[i] = (float)(log ? data[i] - logSum : Math.Exp(data[i] - logSum));
        }
        return result;
    }

    [Theory]
    [InlineData("2,5", 1)]
    [InlineData("2,5", -1)]
    [InlineData("2,5", 0)]
    [InlineData("3,4,5", 1)]
    [InlineData("3,4,5", 0)]
    [InlineData("3,4,5", 2)]
    [InlineData("7", 0)]
    [InlineData("4,1", 1)]
    [InlineData("4,1", 0)]
    public void Softmax_and_log_softmax_must_match_the_naive_reference_along_any_dim(string shapeText, int dim)
    {
        var shape = Reference.Shape(shapeText);
        var x = Reference.Random(7, shape);
        int d = dim < 0 ? dim + shape.Length : dim;

        Reference.Close(Naive(x, d, log: false), Softmax.Forward(x, dim).Span, 1e-5f);
        Reference.Close(Naive(x, d, log: true), Softmax.LogForward(x, dim).Span, 1e-5f);
    }

    [Fact]
    public void Large_inputs_must_stay_finite()
    {
        var x = Tensor.FromArray([1000f, 1001f, -1000f, -1001f], 2, 2);

        var p = Softmax.Forward(x, -1).ToArray();
        var logP = Softmax.LogForward(x, -1).ToArray();
        var pColumns = Softmax.Forward(x, 0).ToArray();

        Reference.Close([0.26894142f, 0.73105858f, 0.73105858f, 0.26894142f], p, 1e-6f);
        Reference.Close([-1.3132616f, -0.3132616f, -0.3132616f, -1.3132616f], logP, 1e-6f);
        Reference.Close([1f, 1f, 0f, 0f], pColumns, 1e-6f);
        Assert.All(pColumns, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData("3,5", 1)]
    [InlineData("3,5", 0)]
    [InlineData("2,3,4", 1)]
    public void Backward_rules_must_match_the_jacobian_formula(string shapeText, int dim)
    {
        var shape = Reference.Shape(shapeText);
        var x = Reference.Random(8, shape);
        var g = Reference.Random(9, shape);
        var y = Softmax.Forward(x, dim);
        var logY = Softmax.LogForward(x, dim);

        // reference: the same formulas with the broadcasting kernels, checked above
        var dot = Reductions.Sum(Elementwise.Multiply(g, y), dim, keepDim: true);
        var expected = Elementwise.Multiply(y, Elementwise.Subtract(g, dot));
        var expectedLog = Elementwise.Subtract(g, Elementwise.Multiply(y, Reductions.Sum(g, dim, keepDim: true)));

        Reference.Close(expected.ToArray(), Softmax.Backward(g, y, dim).Span, 1e-5f);
        Reference.Close(expectedLog.ToArray(), Softmax.LogBackward(g, logY, dim).Span, 1e-5f);
    }

    [Fact]
    public void Softmax_gradient_of_a_sum_is_zero()
    {
        // softmax sums to 1 along its dim, so d(sum)/dx = 0.
        var x = Reference.Random(10, 4, 6);
        var grad = Softmax.Backward(Tensor.Ones(4, 6), Softmax.Forward(x, 1), 1);
        Assert.All(grad.ToArray(), v => Assert.True(Math.Abs(v) < 1e-6f));
    }
}
