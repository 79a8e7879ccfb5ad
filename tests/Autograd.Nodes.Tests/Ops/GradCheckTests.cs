using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>
/// Finite differences against every op's gradient rule (see <see cref="GradCheck"/>), and proof
/// that the checker rejects a wrong rule.
/// </summary>
public class GradCheckTests
{
    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var c in GradCheckCases.All) names.Add(c.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_rule_must_agree_with_finite_differences(string name)
    {
        var c = GradCheckCases.Get(name);
        var op = OpTable.Create(c.Spec);
        var inputs = c.MakeInputs();
        var shape = GradientRules.InferShape(op, inputs.Select(x => x.Shape).ToArray());
        Assert.Equal(shape, op.Forward(inputs).Shape);
        GradCheck.AssertGradientsMatch(op, inputs, c.Seed);
    }

    public static TheoryData<string> TwoInputCaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var c in GradCheckCases.All.Where(c => c.Inputs.Length == 2)) names.Add(c.Name);
        return names;
    }

    /// <summary>The engine asks only for the gradients a graph needs; a rule must not mix up which one it was asked for.</summary>
    [Theory]
    [MemberData(nameof(TwoInputCaseNames))]
    public void Gradient_of_one_input_alone_must_equal_its_gradient_when_both_are_requested(string name)
    {
        var c = GradCheckCases.Get(name);
        var op = OpTable.Create(c.Spec);
        var inputs = c.MakeInputs();
        var output = op.Forward(inputs);
        var gradOutput = Tensor.RandomNormal(c.Seed, output.Shape);
        bool[] differentiable = [op.IsDifferentiable(0), op.IsDifferentiable(1)];
        var both = GradientRules.Apply(op, gradOutput, inputs, output, differentiable);

        for (int only = 0; only < 2; only++)
        {
            if (!differentiable[only]) continue;
            bool[] needsGrad = [only == 0, only == 1];
            var alone = GradientRules.Apply(op, gradOutput, inputs, output, needsGrad);
            Assert.True(alone[1 - only] is null, $"{name}: input {1 - only} was not asked for but got a gradient");
            TensorAssert.Close(both[only]!, alone[only] ?? throw new Xunit.Sdk.XunitException($"{name}: no gradient for input {only}"),
                1e-6, 1e-6, $"{name}: gradient of input {only} alone");
        }
    }

    [Fact]
    public void Cross_entropy_labels_must_be_skipped_as_not_differentiable()
    {
        var op = OpTable.Create(new OpSpec("cross_entropy"));
        Assert.True(op.IsDifferentiable(0));
        Assert.False(op.IsDifferentiable(1));
    }

    [Fact]
    public void GradCheck_must_reject_a_gradient_rule_that_forgot_a_factor()
    {
        var inputs = new[] { Tensor.FromArray([0.5f, -1.25f, 2f, 0.75f, -0.3f, 1.1f], 2, 3) };

        var problems = GradCheck.FindMismatches(new SquareOp(forgetTheFactorTwo: true), inputs, seed: 7);

        Assert.Equal(6, problems.Count);
        Assert.Throws<Xunit.Sdk.XunitException>(
            () => GradCheck.AssertGradientsMatch(new SquareOp(forgetTheFactorTwo: true), inputs, seed: 7));
    }

    [Fact]
    public void GradCheck_must_accept_the_same_op_with_the_right_rule()
    {
        var inputs = new[] { Tensor.FromArray([0.5f, -1.25f, 2f, 0.75f, -0.3f, 1.1f], 2, 3) };
        Assert.Empty(GradCheck.FindMismatches(new SquareOp(forgetTheFactorTwo: false), inputs, seed: 7));
    }

    [Fact]
    public void GradCheck_must_reject_a_rule_that_swaps_gradient_positions()
    {
        // each element's gradient is right in value but lands at the wrong position
        var inputs = new[] { Tensor.FromArray([1f, 2f], 2) };
        Assert.NotEmpty(GradCheck.FindMismatches(new SquareOp(forgetTheFactorTwo: false, reverseGradient: true), inputs, seed: 3));
    }

    /// <summary>Test-only x², whose rule can be broken on purpose.</summary>
    private sealed class SquareOp(bool forgetTheFactorTwo, bool reverseGradient = false) : Op(new OpSpec("test_square"))
    {
        public override string GradFnName => "PowBackward";

        public override int Arity => 1;

        public override int[] InferShape(IReadOnlyList<int[]> inputShapes) => inputShapes[0];

        public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
            Tensor.FromArray(inputs[0].ToArray().Select(x => x * x).ToArray(), inputs[0].Shape);

        public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
        {
            float factor = forgetTheFactorTwo ? 1f : 2f;
            var x = inputs[0].ToArray();
            var g = gradOutput.ToArray();
            var grad = x.Select((v, i) => factor * v * g[i]).ToArray();
            if (reverseGradient) Array.Reverse(grad);
            return [Tensor.FromArray(grad, inputs[0].Shape)];
        }
    }
}
