using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>The shape errors of the elementwise ops (issue 10), raised when the op is created, naming the op and the shapes.</summary>
public class ElementwiseShapeErrorTests
{
    private static ArgumentException Rejected(OpSpec spec, params int[][] shapes) =>
        Assert.ThrowsAny<ArgumentException>(() => GradientRules.InferShape(OpTable.Create(spec), shapes));

    [Theory]
    [InlineData("maximum")]
    [InlineData("minimum")]
    [InlineData("gt")]
    [InlineData("lt")]
    [InlineData("ge")]
    [InlineData("le")]
    [InlineData("eq")]
    [InlineData("masked_fill")]
    public void Operands_that_do_not_broadcast_must_be_rejected_naming_the_op_both_shapes_and_the_dimension(string op)
    {
        var e = Rejected(new OpSpec(op), [2, 3], [2, 4]);
        Assert.Contains(op, e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        Assert.Contains("dimension 1", e.Message);
    }

    [Fact]
    public void Clamp_without_either_bound_must_be_rejected_with_PyTorchs_message()
    {
        var e = Rejected(new OpSpec("clamp"), [2, 3]);
        Assert.Contains("clamp", e.Message);
        Assert.Contains("At least one of 'min' or 'max' must not be None", e.Message);
    }

    [Fact]
    public void Clamp_with_one_bound_keeps_the_shape()
    {
        Assert.Equal([2, 3], GradientRules.InferShape(OpTable.Create(new OpSpec("clamp", Max: 1f)), [[2, 3]]));
        Assert.Equal([], GradientRules.InferShape(OpTable.Create(new OpSpec("clamp", Min: 0f)), [[]]));
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 4, 3 }, new[] { 3 })]   // condition against x
    [InlineData(new[] { 3 }, new[] { 2, 3 }, new[] { 5, 1 })]   // y against the others
    public void Where_with_operands_that_do_not_broadcast_must_name_the_op_and_the_shapes(int[] condition, int[] x, int[] y)
    {
        var e = Rejected(new OpSpec("where"), condition, x, y);
        Assert.Contains("where", e.Message);
        Assert.Contains("must match", e.Message);
    }

    [Fact]
    public void Where_broadcasts_all_three_operands()
    {
        Assert.Equal([4, 2, 3], GradientRules.InferShape(OpTable.Create(new OpSpec("where")), [[2, 1], [4, 1, 3], []]));
    }
}
