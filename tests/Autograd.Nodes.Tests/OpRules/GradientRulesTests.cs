using Autograd.Ops;

namespace Autograd.Nodes.Tests.OpRules;

public class GradientRulesTests
{
    /// <summary>A rule that forgets its gradients, to prove the engine-side check catches it.</summary>
    private sealed class ForgetfulOp() : Op(new OpSpec("forgetful"))
    {
        public override string GradFnName => "ForgetfulBackward";
        public override int Arity => 1;
        public override int[] InferShape(IReadOnlyList<int[]> inputShapes) => inputShapes[0];
        public override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0];
        public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) => [null];
    }

    [Fact]
    public void A_needed_gradient_that_the_rule_leaves_out_must_fail_naming_the_op_and_input()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            GradientRules.Apply(new ForgetfulOp(), Tensor.Ones(2), [Tensor.Ones(2)], Tensor.Ones(2), [true]));
        Assert.Equal("no gradient rule for forgetful input 0", e.Message);
    }

    [Fact]
    public void Arity_must_be_checked_once_for_shapes_and_for_gradients()
    {
        var add = OpTable.Create(new OpSpec("add"));
        var e = Assert.Throws<ArgumentException>(() => GradientRules.InferShape(add, [[2]]));
        Assert.Equal("add takes 2 inputs but got 1", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            GradientRules.Apply(add, Tensor.Ones(2), [Tensor.Ones(2), Tensor.Ones(2)], Tensor.Ones(2), [true]));
        Assert.Contains("needsGrad", e.Message);
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_for_the_output_must_be_rejected_naming_the_op()
    {
        var exp = OpTable.Create(new OpSpec("exp"));
        var e = Assert.Throws<ArgumentException>(() =>
            GradientRules.Apply(exp, Tensor.Ones(3), [Tensor.Ones(2)], Tensor.Ones(2), [true]));
        Assert.Contains("exp", e.Message);
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2]", e.Message);
    }

    [Fact]
    public void Gradients_must_be_summed_back_to_each_broadcast_input_shape()
    {
        var mul = OpTable.Create(new OpSpec("mul"));
        var a = Tensor.FromArray([1f, 2f], 2, 1);
        var b = Tensor.FromArray([3f, 4f, 5f], 3);
        var y = mul.Forward([a, b]);

        var g = GradientRules.Apply(mul, Tensor.Ones(2, 3), [a, b], y, [true, true]);

        Assert.Equal([2, 1], g[0]!.Shape);
        Assert.Equal([12f, 12f], g[0]!.ToArray());
        Assert.Equal([3], g[1]!.Shape);
        Assert.Equal([3f, 3f, 3f], g[1]!.ToArray());
    }

    [Fact]
    public void Inputs_that_need_no_gradient_must_get_null()
    {
        var mul = OpTable.Create(new OpSpec("mul"));
        var x = Tensor.Ones(2);
        var g = GradientRules.Apply(mul, Tensor.Ones(2), [x, x], x, [false, true]);
        Assert.Null(g[0]);
        Assert.NotNull(g[1]);
    }

    [Fact]
    public void Accumulate_must_add_and_treat_null_as_the_first_contribution()
    {
        var first = Tensor.FromArray([1f, 2f], 2);
        Assert.Same(first, GradientRules.Accumulate(null, first));
        var sum = GradientRules.Accumulate(first, Tensor.FromArray([10f, 20f], 2));
        Assert.Equal([11f, 22f], sum.ToArray());
        Assert.Equal([1f, 2f], first.ToArray());
        var e = Assert.Throws<ArgumentException>(() => GradientRules.Accumulate(first, Tensor.Ones(3)));
        Assert.Contains("[3]", e.Message);
    }
}
