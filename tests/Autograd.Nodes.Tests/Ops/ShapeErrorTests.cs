using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>
/// Bad shapes must be rejected when an op is created (through <see cref="GradientRules.InferShape"/>),
/// with a message that names the op and the shapes, so a user can find the line that built it.
/// </summary>
public class ShapeErrorTests
{
    private static ArgumentException Rejected(OpSpec spec, params int[][] shapes) =>
        Assert.ThrowsAny<ArgumentException>(() => GradientRules.InferShape(OpTable.Create(spec), shapes));

    private static void AssertNames(ArgumentException e, string op, params int[][] shapes)
    {
        Assert.Contains(op, e.Message);
        foreach (var shape in shapes) Assert.Contains(Tensor.ShapeText(shape), e.Message);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("sub")]
    [InlineData("mul")]
    [InlineData("div")]
    public void Broadcasting_mismatch_must_name_the_op_both_shapes_and_the_dimension(string op)
    {
        var e = Rejected(new OpSpec(op), [2, 3], [2, 4]);
        AssertNames(e, op, [2, 3], [2, 4]);
        Assert.Contains("dimension 1", e.Message);
    }

    [Fact]
    public void Broadcasting_mismatch_in_a_leading_dimension_must_be_rejected()
    {
        var e = Rejected(new OpSpec("add"), [3, 2, 4], [5, 1, 4]);
        AssertNames(e, "add", [3, 2, 4], [5, 1, 4]);
        Assert.Contains("dimension 0", e.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 4, 5 })]
    [InlineData(new[] { 3 }, new[] { 4 })]
    [InlineData(new[] { 2, 3 }, new[] { 4 })]
    [InlineData(new[] { 3 }, new[] { 4, 5 })]
    public void Matmul_with_mismatched_inner_sizes_must_name_both_shapes(int[] a, int[] b)
    {
        var e = Rejected(new OpSpec("matmul"), a, b);
        AssertNames(e, "matmul", a, b);
    }

    [Fact]
    public void Matmul_of_a_0_dimensional_tensor_must_be_rejected()
    {
        var e = Rejected(new OpSpec("matmul"), [], [3]);
        AssertNames(e, "matmul", [], [3]);
    }

    [Fact]
    public void Reshape_to_a_different_element_count_must_name_both_sizes()
    {
        var e = Rejected(new OpSpec("reshape", Shape: [5, 3]), [3, 4]);
        AssertNames(e, "reshape", [3, 4], [5, 3]);
        Assert.Contains("12", e.Message);
    }

    [Fact]
    public void Reshape_with_two_inferred_dimensions_must_be_rejected()
    {
        var e = Rejected(new OpSpec("reshape", Shape: [-1, -1]), [3, 4]);
        AssertNames(e, "reshape", [3, 4], [-1, -1]);
    }

    [Theory]
    [InlineData("sum", 2)]
    [InlineData("sum", -3)]
    [InlineData("mean", 2)]
    [InlineData("softmax", 2)]
    [InlineData("softmax", -3)]
    [InlineData("log_softmax", 5)]
    public void Dim_out_of_range_must_name_the_op_the_dim_and_the_shape(string op, int dim)
    {
        var e = Rejected(new OpSpec(op, Dim: dim), [2, 3]);
        AssertNames(e, op, [2, 3]);
        Assert.Contains(dim.ToString(), e.Message);
    }

    [Fact]
    public void Mse_loss_with_mismatched_shapes_must_name_both()
    {
        var e = Rejected(new OpSpec("mse_loss"), [2, 3], [3, 2]);
        AssertNames(e, "mse_loss", [2, 3], [3, 2]);
    }

    [Theory]
    [InlineData(new[] { 4, 5 }, new[] { 3 })]       // one label too few
    [InlineData(new[] { 4, 5 }, new[] { 4, 1 })]    // labels of rank 2
    [InlineData(new[] { 4 }, new[] { 4 })]          // logits of rank 1
    public void Cross_entropy_with_labels_that_do_not_fit_the_logits_must_name_both_shapes(int[] logits, int[] labels)
    {
        var e = Rejected(new OpSpec("cross_entropy"), logits, labels);
        AssertNames(e, "cross_entropy", logits, labels);
    }

    [Theory]
    [InlineData(7f, "7")]
    [InlineData(-1f, "-1")]
    [InlineData(2.5f, "2.5")]
    public void Cross_entropy_with_a_label_that_is_not_a_class_index_must_fail_at_forward_naming_the_label(float label, string text)
    {
        var op = OpTable.Create(new OpSpec("cross_entropy"));
        var logits = Tensor.Zeros(2, 5);
        var labels = Tensor.FromArray([1f, label], 2);
        // the shapes are fine: only the values are wrong, which creation cannot see
        Assert.Equal([], GradientRules.InferShape(op, [logits.Shape, labels.Shape]));

        var e = Assert.ThrowsAny<ArgumentException>(() => op.Forward([logits, labels]));
        Assert.Contains("cross_entropy", e.Message);
        Assert.Contains(text, e.Message);
        Assert.Contains("5", e.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 })]
    [InlineData(new int[0])]
    public void Transpose_of_anything_but_a_matrix_must_be_rejected(int[] shape)
    {
        var e = Rejected(new OpSpec("transpose"), shape);
        AssertNames(e, "transpose", shape);
    }

    [Theory]
    [InlineData("add", 1)]
    [InlineData("add", 3)]
    [InlineData("exp", 2)]
    [InlineData("matmul", 1)]
    [InlineData("cross_entropy", 1)]
    [InlineData("sum", 0)]
    public void Wrong_number_of_inputs_must_name_the_op_and_both_counts(string op, int count)
    {
        var shapes = Enumerable.Repeat(new[] { 2, 2 }, count).ToArray();
        var arity = OpTable.Create(new OpSpec(op)).Arity;
        var e = Rejected(new OpSpec(op), shapes);
        Assert.Contains(op, e.Message);
        Assert.Contains(arity.ToString(), e.Message);
        Assert.Contains(count.ToString(), e.Message);
    }

    [Fact]
    public void Unknown_op_name_must_be_rejected_with_the_name()
    {
        var e = Assert.Throws<ArgumentException>(() => OpTable.Create(new OpSpec("addd")));
        Assert.Contains("addd", e.Message);
    }
}
