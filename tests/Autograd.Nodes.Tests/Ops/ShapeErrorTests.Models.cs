using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>The model ops reject bad shapes and arguments when built, naming the op and the shapes, in PyTorch's words.</summary>
public class ModelShapeErrorTests
{
    private static ArgumentException Rejected(OpSpec spec, params int[][] shapes) =>
        Assert.ThrowsAny<ArgumentException>(() => GradientRules.InferShape(OpTable.Create(spec), shapes));

    private static void AssertNames(ArgumentException e, string op, params int[][] shapes)
    {
        Assert.Contains(op, e.Message);
        foreach (var shape in shapes) Assert.Contains(Tensor.ShapeText(shape), e.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 4, 5 })]
    [InlineData(new[] { 2, 2, 3, 4 }, new[] { 3, 4, 5 })]
    public void Matmul_with_batch_dims_that_do_not_broadcast_names_both_shapes_and_the_sizes(int[] a, int[] b)
    {
        var e = Rejected(new OpSpec("matmul"), a, b);
        AssertNames(e, "matmul", a, b);
        Assert.Contains("must match", e.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 5, 5 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 5 })]
    [InlineData(new[] { 5 }, new[] { 2, 4, 3 })]
    public void Batched_matmul_with_mismatched_inner_sizes_names_both_shapes(int[] a, int[] b)
    {
        var e = Rejected(new OpSpec("matmul"), a, b);
        AssertNames(e, "matmul", a, b);
        Assert.Contains("cannot be multiplied", e.Message);
    }

    [Theory]
    [InlineData(new[] { 4 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3 }, new[] { 3 })]
    [InlineData(new[] { 3, 2 }, new[] { 2 })]
    public void Layer_norm_over_dims_the_input_does_not_end_with_names_both(int[] normalized, int[] x)
    {
        var e = Rejected(new OpSpec("layer_norm", Shape: normalized, Parts: 1), x);
        AssertNames(e, "layer_norm", normalized, x);
    }

    [Fact]
    public void Layer_norm_over_no_dims_is_rejected()
    {
        var e = Rejected(new OpSpec("layer_norm", Shape: [], Parts: 1), [2, 3]);
        Assert.Contains("at least 1-dimensional", e.Message);
    }

    [Fact]
    public void Layer_norm_with_a_weight_or_bias_not_of_the_normalized_shape_names_which_and_both_shapes()
    {
        var e = Rejected(new OpSpec("layer_norm", Shape: [3], Parts: 2), [2, 3], [4]);
        AssertNames(e, "weight", [4], [3]);
        e = Rejected(new OpSpec("layer_norm", Shape: [3], Parts: 3), [2, 3], [3], [1, 3]);
        AssertNames(e, "bias", [1, 3], [3]);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Dropout_with_a_probability_outside_0_to_1_is_rejected_naming_it(float p)
    {
        var e = Rejected(new OpSpec("dropout", Scalar: p), [2, 3]);
        Assert.Contains("dropout", e.Message);
        Assert.Contains(p.ToString(), e.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 5 })]     // positions after the class dim differ
    [InlineData(new[] { 2, 3, 4 }, new[] { 2 })]        // labels of rank 1 for 3-D logits
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 3, 4 })]  // labels with a class dim
    [InlineData(new[] { 3 }, new[] { 1 })]              // unbatched logits take a 0-dimensional label
    public void Cross_entropy_with_labels_that_are_not_the_logits_without_dim_1_names_both_shapes(int[] logits, int[] labels)
    {
        var e = Rejected(new OpSpec("cross_entropy"), logits, labels);
        AssertNames(e, "cross_entropy", logits, labels);
    }

    [Fact]
    public void Cross_entropy_of_0_dimensional_logits_is_rejected()
    {
        var e = Rejected(new OpSpec("cross_entropy"), [], []);
        Assert.Contains("cross_entropy", e.Message);
    }
}
