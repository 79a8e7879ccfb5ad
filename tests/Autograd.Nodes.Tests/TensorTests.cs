namespace Autograd.Nodes.Tests;

public class TensorTests
{
    [Fact]
    public void FromArray_must_reject_data_whose_length_does_not_match_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.Contains("3", e.Message);
        Assert.Contains("[2, 2]", e.Message);
    }

    [Fact]
    public void Negative_sizes_must_be_rejected_with_the_dimension()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, -1));
        Assert.Contains("-1", e.Message);
    }

    [Fact]
    public void ToString_must_read_like_pytorch()
    {
        Assert.Equal("tensor([[3., 3.],\n        [3., 3.]])", Tensor.Full(3f, 2, 2).ToString());
        Assert.Equal("tensor(27.)", Tensor.Scalar(27f).ToString());
        Assert.Equal("tensor([ 102.4000, 1024.0000,    0.1024])", Tensor.FromArray([102.4f, 1024f, 0.1024f], 3).ToString());
    }

    [Fact]
    public void A_zero_dimensional_tensor_has_one_element_and_no_dims()
    {
        var s = Tensor.Scalar(2.5f);
        Assert.Empty(s.Shape);
        Assert.Equal(1, s.Count);
        Assert.Equal(2.5f, s.Item());
    }
}
