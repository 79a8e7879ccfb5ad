using Autograd.Ops;
using static Autograd.Nodes.Tests.OpRules.OpRunner;

namespace Autograd.Nodes.Tests.OpRules;

/// <summary>Var and std: numerically sound, and their sharded form (moments joined with Chan's update) equal to the whole.</summary>
public class VarianceOpTests
{
    [Fact]
    public void Variance_far_from_zero_must_not_cancel()
    {
        // float32 holds these exactly; the mean of squares minus the squared mean would lose every digit
        var x = T([1e6f, 1e6f + 1, 1e6f + 2, 1e6f + 3], 4);
        Assert.Equal(5f / 3, Run(new OpSpec("var", Unbiased: true), null, x).Output.Item(), 1e-6f);
        Assert.Equal(1.25f, Run(new OpSpec("var", Dim: 0), null, x).Output.Item(), 1e-6f);
    }

    [Fact]
    public void Std_of_constant_values_must_have_a_zero_gradient_as_pytorch()
    {
        var (std, grad) = Run(new OpSpec("std", Dim: 1, Unbiased: true), null, T([2f, 2f, 2f, 1f, 2f, 3f], 2, 3));
        Assert.Equal([0f, 1f], std.ToArray());
        Assert.Equal([0f, 0f, 0f, -0.5f, 0f, 0.5f], grad[0]!.ToArray());
    }

    [Theory]
    [InlineData("var", new[] { 3, 2, 2 }, true, 0)]
    [InlineData("std", new[] { 1, 4, 2 }, false, 0)]
    [InlineData("var", new[] { 2, 3 }, false, null)]
    [InlineData("std", new[] { 4, 1 }, true, null)]
    public void Moments_of_row_blocks_joined_must_give_the_variance_and_its_gradient_over_all_rows(string op, int[] rows, bool unbiased, int? dim)
    {
        var random = new Random(rows.Sum());
        int total = rows.Sum();
        var data = Enumerable.Range(0, total * 3).Select(_ => 1000f + (float)random.NextDouble()).ToArray();
        var gradOutput = dim is null ? Tensor.Scalar(0.7f) : T([0.5f, -1f, 2f], 3);
        var (whole, wholeGrad) = Run(new OpSpec(op, Dim: dim, Unbiased: unbiased), gradOutput, T(data, total, 3));

        var momentsOp = OpTable.Create(new OpSpec("moments", Dim: dim));
        var blocks = ExtremumOpTests.Blocks(data, rows, 3);
        var moments = blocks.Select(b => momentsOp.Forward([b])).ToArray();
        var joinOp = OpTable.Create(new OpSpec(op + "_partials", Dim: dim, Unbiased: unbiased, Parts: rows.Length));
        var joined = joinOp.Forward(moments);
        var momentGrads = GradientRules.Apply(joinOp, gradOutput, moments, joined, moments.Select(_ => true).ToArray());
        var grads = blocks.SelectMany((b, i) => GradientRules.Apply(momentsOp, momentGrads[i]!, [b], moments[i], [true])[0]!.ToArray()).ToArray();

        Assert.Equal(whole.Shape, joined.Shape);
        Assert.Equal(whole.ToArray(), joined.ToArray(), (a, b) => MathF.Abs(a - b) <= 1e-5f * MathF.Abs(a) + 1e-7f);
        Assert.Equal(wholeGrad[0]!.ToArray(), grads, (a, b) => MathF.Abs(a - b) <= 1e-3f * MathF.Abs(a) + 1e-5f);
    }
}
