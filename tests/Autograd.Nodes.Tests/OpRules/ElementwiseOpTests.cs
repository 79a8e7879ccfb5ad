using Autograd.Nodes.Tests.Kernels;
using Autograd.Ops;
using static Autograd.Nodes.Tests.OpRules.OpRunner;

namespace Autograd.Nodes.Tests.OpRules;

public class ElementwiseOpTests
{
    private static readonly Tensor A = T([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
    private static readonly Tensor Bias = T([10f, 20f, 40f], 3);

    [Fact]
    public void Add_with_a_broadcast_bias_must_sum_the_bias_gradient_over_the_rows()
    {
        var (y, g) = Run(new OpSpec("add"), null, A, Bias);
        Assert.Equal([11f, 22f, 43f, 14f, 25f, 46f], y.ToArray());
        Assert.Equal(A.Shape, g[0]!.Shape);
        Assert.Equal([2f, 2f, 2f], g[1]!.ToArray());
    }

    [Fact]
    public void Sub_must_send_the_negated_gradient_to_its_right_operand()
    {
        var (y, g) = Run(new OpSpec("sub"), null, Bias, A);
        Assert.Equal([9f, 18f, 37f, 6f, 15f, 34f], y.ToArray());
        Assert.Equal([2f, 2f, 2f], g[0]!.ToArray());
        Assert.All(g[1]!.ToArray(), v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void Mul_must_send_each_operand_the_gradient_times_the_other()
    {
        var (y, g) = Run(new OpSpec("mul"), null, A, Bias);
        Assert.Equal([10f, 40f, 120f, 40f, 100f, 240f], y.ToArray());
        Assert.Equal([10f, 20f, 40f, 10f, 20f, 40f], g[0]!.ToArray());
        Assert.Equal([5f, 7f, 9f], g[1]!.ToArray());
    }

    [Fact]
    public void Div_must_give_one_over_b_and_minus_a_over_b_squared()
    {
        var (y, g) = Run(new OpSpec("div"), null, T([6f], 1), T([2f, 3f], 2));
        Assert.Equal([3f, 2f], y.ToArray());
        Assert.Equal([1f / 2 + 1f / 3], g[0]!.ToArray());
        Reference.Close([-6f / 4, -6f / 9], g[1]!.Span);
    }

    [Theory]
    [InlineData("add_scalar", 3f, new[] { 4f, 5f }, new[] { 1f, 1f }, "AddBackward")]
    [InlineData("sub_scalar", 3f, new[] { -2f, -1f }, new[] { 1f, 1f }, "SubBackward")]
    [InlineData("rsub_scalar", 3f, new[] { 2f, 1f }, new[] { -1f, -1f }, "RsubBackward")]
    [InlineData("mul_scalar", 3f, new[] { 3f, 6f }, new[] { 3f, 3f }, "MulBackward")]
    [InlineData("div_scalar", 4f, new[] { 0.25f, 0.5f }, new[] { 0.25f, 0.25f }, "DivBackward")]
    [InlineData("rdiv_scalar", 4f, new[] { 4f, 2f }, new[] { -4f, -1f }, "DivBackward")]
    [InlineData("neg", 0f, new[] { -1f, -2f }, new[] { -1f, -1f }, "NegBackward")]
    [InlineData("pow", 3f, new[] { 1f, 8f }, new[] { 3f, 12f }, "PowBackward")]
    [InlineData("sqrt", 0f, new[] { 1f, 1.4142135f }, new[] { 0.5f, 0.35355338f }, "SqrtBackward")]
    [InlineData("log", 0f, new[] { 0f, 0.6931472f }, new[] { 1f, 0.5f }, "LogBackward")]
    [InlineData("relu", 0f, new[] { 1f, 2f }, new[] { 1f, 1f }, "ReluBackward")]
    public void Scalar_and_unary_ops_must_compute_values_and_gradients(string name, float c, float[] value, float[] grad, string gradFn)
    {
        var op = OpTable.Create(new OpSpec(name, Scalar: c));
        var (y, g) = Run(op.Spec, null, T([1f, 2f], 2));
        Assert.Equal(gradFn, op.GradFnName);
        Reference.Close(value, y.Span, 1e-6f);
        Reference.Close(grad, g[0]!.Span, 1e-6f);
    }

    [Fact]
    public void Exp_tanh_and_sigmoid_gradients_must_come_from_their_outputs()
    {
        var x = T([-1f, 0f, 2f], 3);
        var (e, ge) = Run(new OpSpec("exp"), null, x);
        var (t, gt) = Run(new OpSpec("tanh"), null, x);
        var (s, gs) = Run(new OpSpec("sigmoid"), null, x);
        Reference.Close(e.ToArray(), ge[0]!.Span);
        Reference.Close(t.ToArray().Select(v => 1 - v * v).ToArray(), gt[0]!.Span);
        Reference.Close(s.ToArray().Select(v => v * (1 - v)).ToArray(), gs[0]!.Span);
    }

    [Fact]
    public void Ops_that_need_only_shapes_must_say_so()
    {
        string[] shapeOnly = ["add", "sub", "neg", "add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar", "sum", "mean", "reshape", "transpose", "gather", "sum_partials"];
        shapeOnly = [.. shapeOnly, "narrow", "select", "cat", "stack", "unsqueeze", "squeeze", "permute", "expand", "flatten"];   // indexing (issue 10)
        foreach (var name in OpTable.Names)
            Assert.Equal(shapeOnly.Contains(name), OpTable.Create(new OpSpec(name)).SavesTensors == false);
    }
}
