using Autograd.Nodes.Tests.Kernels;
using Autograd.Ops;
using Autograd.Tensors;
using static Autograd.Nodes.Tests.OpRules.OpRunner;

namespace Autograd.Nodes.Tests.OpRules;

public class LossOpTests
{
    [Fact]
    public void Mse_loss_must_average_squared_errors_and_split_the_gradient_with_opposite_signs()
    {
        var (loss, g) = Run(new OpSpec("mse_loss"), null, T([1f, 2f, 4f, 0f], 2, 2), T([0f, 2f, 2f, 1f], 2, 2));
        Assert.Equal([], loss.Shape);
        Assert.Equal(1.5f, loss.Item());
        Assert.Equal([0.5f, 0f, 1f, -0.5f], g[0]!.ToArray());
        Assert.Equal([-0.5f, 0f, -1f, 0.5f], g[1]!.ToArray());
    }

    [Fact]
    public void Cross_entropy_must_match_log_softmax_then_nll_and_give_no_gradient_to_labels()
    {
        var logits = T([1f, 2f, 3f, 1000f, 1001f, 999f], 2, 3);
        var labels = T([2f, 0f], 2);
        var (loss, g) = Run(new OpSpec("cross_entropy"), null, logits, labels);

        var logP = Softmax.LogForward(logits, 1).ToArray();
        var p = Softmax.Forward(logits, 1).ToArray();
        Assert.Equal(-(logP[2] + logP[3]) / 2, loss.Item(), 1e-5f);
        Assert.True(float.IsFinite(loss.Item()));
        Reference.Close([p[0] / 2, p[1] / 2, (p[2] - 1) / 2, (p[3] - 1) / 2, p[4] / 2, p[5] / 2], g[0]!.Span, 1e-6f);
        Assert.Null(g[1]);
        Assert.False(OpTable.Create(new OpSpec("cross_entropy")).IsDifferentiable(1));
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(-1f)]
    [InlineData(0.5f)]
    [InlineData(float.NaN)]
    public void Cross_entropy_must_reject_labels_that_are_not_class_indices_at_forward(float label)
    {
        var op = OpTable.Create(new OpSpec("cross_entropy"));
        var e = Assert.Throws<ArgumentException>(() => op.Forward([Tensor.Zeros(2, 3), T([0f, label], 2)]));
        Assert.StartsWith("cross_entropy: label", e.Message);
    }

    [Fact]
    public void Softmax_and_log_softmax_ops_must_take_their_dim_from_the_spec()
    {
        var x = T([1f, 2f, 3f, 4f], 2, 2);
        var (columns, _) = Run(new OpSpec("softmax", Dim: 0), null, x);
        var (rows, g) = Run(new OpSpec("log_softmax", Dim: -1), null, x);
        Reference.Close([0.11920292f, 0.11920292f, 0.88079708f, 0.88079708f], columns.Span, 1e-6f);
        Reference.Close([-1.3132616f, -0.3132616f, -1.3132616f, -0.3132616f], rows.Span, 1e-6f);
        // d/dx sum(log_softmax) = 1 - n * softmax along the dim
        Reference.Close([1 - 2 * 0.26894142f, 1 - 2 * 0.73105858f, 1 - 2 * 0.26894142f, 1 - 2 * 0.73105858f], g[0]!.Span, 1e-6f);
    }
}
