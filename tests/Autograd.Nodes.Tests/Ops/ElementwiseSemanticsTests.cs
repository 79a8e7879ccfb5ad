using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>
/// What the JSON goldens cannot hold (NaN, infinities) and the kernels' shortcuts (uniform inputs, the
/// tail of a vector loop), for the elementwise ops of issue 10. Expected values are PyTorch 1.13's.
/// </summary>
public class ElementwiseSemanticsTests
{
    private static Tensor Vector(params float[] values) => Tensor.FromArray(values, values.Length);

    private static float[] Forward(OpSpec spec, params Tensor[] inputs) => OpTable.Create(spec).Forward(inputs).ToArray();

    private static Tensor?[] Gradients(OpSpec spec, Tensor gradOutput, params Tensor[] inputs)
    {
        var op = OpTable.Create(spec);
        var needsGrad = Enumerable.Range(0, inputs.Length).Select(op.IsDifferentiable).ToArray();
        return GradientRules.Apply(op, gradOutput, inputs, op.Forward(inputs), needsGrad);
    }

    [Fact]
    public void NaN_wins_maximum_and_minimum_and_both_inputs_get_its_gradient()
    {
        var a = Vector(float.NaN, 1f, 2f);
        var b = Vector(1f, float.NaN, 2f);

        Assert.Equal([float.NaN, float.NaN, 2f], Forward(new OpSpec("maximum"), a, b));
        Assert.Equal([float.NaN, float.NaN, 2f], Forward(new OpSpec("minimum"), a, b));
        var grads = Gradients(new OpSpec("maximum"), Tensor.Ones(3), a, b);
        Assert.Equal([1f, 1f, 0.5f], grads[0]!.ToArray());
        Assert.Equal([1f, 1f, 0.5f], grads[1]!.ToArray());
    }

    [Fact]
    public void A_mask_is_0_where_an_operand_is_NaN_and_where_takes_a_NaN_condition_as_true()
    {
        var x = Vector(float.NaN, 1f);
        foreach (var name in new[] { "gt_scalar", "lt_scalar", "ge_scalar", "le_scalar", "eq_scalar" })
            Assert.Equal(0f, Forward(new OpSpec(name, 1f), x)[0]);
        Assert.Equal([0f, 1f], Forward(new OpSpec("eq"), x, x));

        // nonzero (NaN too) selects x, 0 and -0 select y, as condition.bool() in PyTorch
        Assert.Equal([1f, 5f, 6f], Forward(new OpSpec("where"), Vector(float.NaN, 0f, -0f), Vector(1f), Vector(4f, 5f, 6f)));
    }

    [Fact]
    public void Clamp_keeps_NaN_and_passes_no_gradient_there_nor_past_an_infinite_upstream_gradient_outside_its_bounds()
    {
        var x = Vector(float.NaN, -3f, 0.5f, 3f);
        var spec = new OpSpec("clamp", Min: -1f, Max: 1f);

        Assert.Equal([float.NaN, -1f, 0.5f, 1f], Forward(spec, x));
        Assert.Equal([0f, 0f, float.PositiveInfinity, 0f], Gradients(spec, Tensor.Full(float.PositiveInfinity, 4), x)[0]!.ToArray());
    }

    [Fact]
    public void Log1p_is_minus_infinity_at_minus_1_NaN_below_and_exact_for_tiny_x()
    {
        var y = Forward(new OpSpec("log1p"), Vector(-1f, -2f, 1e-10f, float.PositiveInfinity, 0f));

        Assert.Equal(float.NegativeInfinity, y[0]);
        Assert.True(float.IsNaN(y[1]));
        Assert.Equal(1e-10f, y[2]);
        Assert.Equal(float.PositiveInfinity, y[3]);
        Assert.Equal(0f, y[4]);
    }

    [Fact]
    public void Abs_has_gradient_0_at_0_and_at_NaN()
    {
        var grad = Gradients(new OpSpec("abs"), Tensor.Ones(4), Vector(0f, -0f, float.NaN, -2f))[0]!.ToArray();
        Assert.Equal([0f, 0f, 0f, -1f], grad);
    }

    [Theory]
    [InlineData("abs")]
    [InlineData("gelu")]
    [InlineData("silu")]
    [InlineData("log1p")]
    [InlineData("sin")]
    [InlineData("cos")]
    public void Every_element_is_computed_alike_whether_in_a_full_vector_in_the_tail_or_in_a_uniform_tensor(string name)
    {
        // 37 elements: whole vectors and a tail, the same value at every position
        var op = OpTable.Create(new OpSpec(name));
        var spread = op.Forward([Tensor.FromArray(Enumerable.Repeat(0.7f, 37).ToArray(), 37)]).ToArray();
        var uniform = op.Forward([Tensor.Full(0.7f, 37)]).ToArray();

        Assert.All(spread, v => Assert.Equal(spread[0], v));
        Assert.Equal(spread, uniform);
    }
}
