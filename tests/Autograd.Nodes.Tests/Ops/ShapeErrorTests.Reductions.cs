using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>The reductions of issue 10 reject bad dims and empty reductions when they are created, with PyTorch's wording.</summary>
public class ReductionShapeErrorTests
{
    private static ArgumentException Rejected(OpSpec spec, int[] shape) =>
        Assert.ThrowsAny<ArgumentException>(() => GradientRules.InferShape(OpTable.Create(spec), [shape]));

    [Theory]
    [InlineData("max", 2)]
    [InlineData("min", -3)]
    [InlineData("argmax", 5)]
    [InlineData("argmin", -4)]
    [InlineData("var", 2)]
    [InlineData("std", -3)]
    public void Dim_out_of_range_must_name_the_op_the_dim_and_the_shape(string op, int dim)
    {
        var e = Rejected(new OpSpec(op, Dim: dim), [2, 3]);
        Assert.Contains(op, e.Message);
        Assert.Contains("Dimension out of range (expected to be in range of [-2, 1], but got " + dim + ")", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Theory]
    [InlineData("sum", new[] { 0, 0 }, 0)]
    [InlineData("sum", new[] { 0, -3 }, 0)]
    [InlineData("mean", new[] { 2, 1, -1 }, 2)]
    public void A_dim_named_twice_must_be_pytorchs_error(string op, int[] dims, int repeated)
    {
        var e = Rejected(new OpSpec(op, Dims: dims), [2, 3, 4]);
        Assert.Contains($"{op}: dim {repeated} appears multiple times in the list of dims", e.Message);
        Assert.Contains("[2, 3, 4]", e.Message);
    }

    [Fact]
    public void A_dim_out_of_range_in_a_list_must_be_rejected()
    {
        var e = Rejected(new OpSpec("sum", Dims: [0, 3]), [2, 3, 4]);
        Assert.Contains("but got 3", e.Message);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("min")]
    public void The_extreme_of_no_elements_must_ask_for_a_dim(string op)
    {
        var e = Rejected(new OpSpec(op), [0, 3]);
        Assert.Contains($"{op}(): Expected reduction dim to be specified for input.numel() == 0", e.Message);
        Assert.Contains("[0, 3]", e.Message);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("argmin")]
    public void An_extreme_along_an_empty_dim_must_be_rejected(string op)
    {
        var e = Rejected(new OpSpec(op, Dim: 0), [0, 3]);
        Assert.Contains($"{op}(): Expected reduction dim 0 to have non-zero size", e.Message);
        // along a non-empty dim of an empty tensor the result is just empty, as in PyTorch
        Assert.Equal([0], GradientRules.InferShape(OpTable.Create(new OpSpec(op, Dim: 1)), [[0, 3]]));
    }

    [Fact]
    public void Argmax_without_a_dim_must_be_rejected()
    {
        var e = Rejected(new OpSpec("argmax"), [2, 3]);
        Assert.Contains("argmax: a dim is required", e.Message);
    }
}
