using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>
/// Every op against values computed once by PyTorch 1.13 (Golden/make_golden.py): the output
/// shape from the shape rule, the forward values, and the gradients of all inputs for a random
/// upstream gradient, after <see cref="GradientRules"/> summed them back to each input's shape.
/// </summary>
public class PyTorchGoldenTests
{
    // float32 kernels may round or sum in another order than PyTorch's; a real bug is far larger.
    private const double Atol = 2e-5, Rtol = 2e-4;

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var c in GoldenCases.All) names.Add(c.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Shape_rule_must_give_pytorchs_output_shape(string name)
    {
        var c = GoldenCases.Get(name);
        var op = OpTable.Create(c.Spec);
        var shape = GradientRules.InferShape(op, c.Inputs.Select(x => x.Shape).ToArray());
        Assert.Equal(c.Output.Shape, shape);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Forward_must_match_pytorch(string name)
    {
        var c = GoldenCases.Get(name);
        var output = OpTable.Create(c.Spec).Forward(c.Inputs);
        TensorAssert.Close(c.Output, output, Atol, Rtol, $"{name}: output");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradients_must_match_pytorch(string name)
    {
        var c = GoldenCases.Get(name);
        var op = OpTable.Create(c.Spec);
        var needsGrad = c.Grads.Select(g => g is not null).ToArray();
        // PyTorch's own output, so that a forward bug fails the forward test and not this one too
        var grads = GradientRules.Apply(op, c.GradOutput, c.Inputs, c.Output, needsGrad);

        Assert.Equal(c.Inputs.Length, grads.Count());
        for (int i = 0; i < c.Inputs.Length; i++)
        {
            if (c.Grads[i] is not { } expected)
            {
                Assert.True(grads[i] is null, $"{name}: input {i} has no derivative but got a gradient");
                continue;
            }
            var actual = grads[i] ?? throw new Xunit.Sdk.XunitException($"{name}: no gradient for input {i}");
            TensorAssert.Close(expected, actual, Atol, Rtol, $"{name}: gradient of input {i}");
        }
    }

    [Fact]
    public void Every_op_in_the_table_must_have_golden_and_gradcheck_cases()
    {
        var golden = GoldenCases.All.Select(c => c.Spec.Name).ToHashSet();
        var gradChecked = GradCheckCases.All.Select(c => c.Spec.Name).ToHashSet();
        var missing = OpTable.Names
            .Where(n => !golden.Contains(n) || !gradChecked.Contains(n))
            .Select(n => $"{n} (golden: {golden.Contains(n)}, gradcheck: {gradChecked.Contains(n)})")
            .ToList();
        Assert.True(missing.Count == 0, "ops without tests: " + string.Join(", ", missing));
        Assert.NotEmpty(OpTable.Names);
    }

    [Fact]
    public void Every_golden_and_gradcheck_case_must_name_an_op_in_the_table()
    {
        var unknown = GoldenCases.All.Select(c => c.Spec.Name)
            .Concat(GradCheckCases.All.Select(c => c.Spec.Name))
            .Where(n => !OpTable.Names.Contains(n)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "cases for ops missing from the table: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_comparison_must_reject_a_value_just_outside_tolerance_and_a_wrong_shape()
    {
        var expected = Tensor.FromArray([1f, -2f, 0f], 3);
        TensorAssert.Close(expected, Tensor.FromArray([1.0001f, -2.0002f, 1e-5f], 3), Atol, Rtol, "close");
        Assert.Throws<Xunit.Sdk.XunitException>(
            () => TensorAssert.Close(expected, Tensor.FromArray([1f, -2.001f, 0f], 3), Atol, Rtol, "off"));
        Assert.Throws<Xunit.Sdk.XunitException>(
            () => TensorAssert.Close(expected, Tensor.FromArray([1f, -2f, float.NaN], 3), Atol, Rtol, "nan"));
        Assert.Throws<Xunit.Sdk.XunitException>(
            () => TensorAssert.Close(expected, Tensor.FromArray([1f, -2f, 0f], 3, 1), Atol, Rtol, "shape"));
    }
}
