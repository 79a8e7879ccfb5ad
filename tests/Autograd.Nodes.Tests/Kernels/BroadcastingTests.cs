using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class BroadcastingTests
{
    [Theory]
    [InlineData("2,3", "3", "2,3")]
    [InlineData("3", "2,3", "2,3")]
    [InlineData("2,1", "1,4", "2,4")]
    [InlineData("5,1,3", "4,1", "5,4,3")]
    [InlineData("", "2,3", "2,3")]
    [InlineData("2,3", "", "2,3")]
    [InlineData("1", "", "1")]
    [InlineData("", "", "")]
    [InlineData("0,3", "1,3", "0,3")]
    public void Shape_must_align_at_the_last_dim_and_stretch_size_one(string a, string b, string expected) =>
        Assert.Equal(Reference.Shape(expected), Broadcasting.Shape("add", Reference.Shape(a), Reference.Shape(b)));

    [Fact]
    public void Shape_must_name_the_op_the_sizes_the_dim_and_both_shapes_like_pytorch()
    {
        var e = Assert.Throws<ArgumentException>(() => Broadcasting.Shape("add", [2, 3], [2, 4]));
        Assert.Equal(
            "add: the size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1 (shapes [2, 3] and [2, 4])",
            e.Message);
    }

    [Fact]
    public void Shape_must_count_the_mismatched_dim_in_the_broadcast_output()
    {
        var e = Assert.Throws<ArgumentException>(() => Broadcasting.Shape("mul", [4, 2, 3], [5, 3]));
        Assert.Contains("size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 1", e.Message);
    }

    [Fact]
    public void SumToShape_must_return_the_same_instance_when_shapes_already_match()
    {
        var g = Reference.Random(1, 2, 3);
        Assert.Same(g, Broadcasting.SumToShape(g, [2, 3]));
    }

    [Theory]
    [InlineData("2,3", "3")]
    [InlineData("2,3", "1,3")]
    [InlineData("2,3", "2,1")]
    [InlineData("2,3", "")]
    [InlineData("2,3", "1")]
    [InlineData("4,2,3", "2,1")]
    [InlineData("4,2,3", "4,1,3")]
    [InlineData("4,2,3", "1,2,1")]
    [InlineData("3,1,5,2", "1,5,1")]
    [InlineData("3,4,5,2", "1,4,1,2")]
    [InlineData("3,4,5,2", "4,1,2")]
    [InlineData("1,1", "")]
    [InlineData("6,1", "1")]
    public void SumToShape_must_sum_over_added_leading_dims_and_size_one_dims(string gradShape, string target)
    {
        var grad = Reference.Random(2, Reference.Shape(gradShape));
        var shape = Reference.Shape(target);
        var expected = new float[Reference.Count(shape)];
        var g = grad.ToArray();
        for (int i = 0; i < g.Length; i++)
            expected[Reference.BroadcastSource(Reference.Unravel(i, grad.Shape), shape)] += g[i];

        var actual = Broadcasting.SumToShape(grad, shape);

        Assert.Equal(shape, actual.Shape);
        Reference.Close(expected, actual.Span, 1e-5f);
    }

    [Theory]
    [InlineData("2,3", "4,2,3")]
    [InlineData("3", "5,3")]
    [InlineData("2,1", "2,7")]
    [InlineData("", "3,2")]
    public void SumToShape_after_broadcasting_ones_must_count_the_copies(string input, string broadcast)
    {
        // Broadcasting x against zeros of a bigger shape and summing back gives x times the number of copies.
        var x = Reference.Random(3, Reference.Shape(input));
        var expanded = Elementwise.Add(x, Tensor.Zeros(Reference.Shape(broadcast)));
        int copies = expanded.Count / x.Count;

        var back = Broadcasting.SumToShape(expanded, x.Dims);

        Assert.Equal(x.Shape, back.Shape);
        Reference.Close(x.ToArray().Select(v => v * copies).ToArray(), back.Span);
    }

    [Fact]
    public void SumToShape_must_reject_a_shape_that_does_not_broadcast_to_the_gradient()
    {
        var e = Assert.Throws<ArgumentException>(() => Broadcasting.SumToShape(Tensor.Zeros(2, 3), [2]));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2]", e.Message);
    }
}
