using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class ElementwiseTests
{
    private static readonly Func<float, float, float>[] Naive =
        [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y];

    [Theory]
    [InlineData("2,3", "2,3")]
    [InlineData("1000", "1000")]
    [InlineData("4,3", "3")]
    [InlineData("3", "4,3")]
    [InlineData("4,1", "1,5")]
    [InlineData("1,5", "4,1")]
    [InlineData("4,5", "4,1")]
    [InlineData("4,1", "4,5")]
    [InlineData("2,3,4", "3,1")]
    [InlineData("3,1,4", "2,1,1,1")]
    [InlineData("2,1,3,1", "1,4,1,5")]
    [InlineData("", "2,3")]
    [InlineData("2,3", "")]
    [InlineData("1", "7,1")]
    [InlineData("", "")]
    [InlineData("1,1", "")]
    [InlineData("0,3", "3")]
    [InlineData("37,33", "37,1")]
    public void Every_operator_must_match_the_naive_broadcast_reference(string a, string b)
    {
        var x = Reference.Random(10, Reference.Shape(a));
        // keep divisors away from zero so the comparison is about indexing, not rounding
        var y = Elementwise.WithScalar(Arithmetic.Add, Unary.Exp(Reference.Random(11, Reference.Shape(b))), 0.5f);
        foreach (var op in Enum.GetValues<Arithmetic>())
        {
            var actual = Elementwise.Binary(op, x, y);
            Assert.Equal(Reference.BroadcastShape(x.Shape, y.Shape), actual.Shape);
            Reference.Close(Reference.Binary(x, y, Naive[(int)op]), actual.Span);
        }
    }

    [Fact]
    public void A_shape_mismatch_must_name_the_op_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Elementwise.Divide(Tensor.Zeros(2, 3), Tensor.Zeros(4)));
        Assert.StartsWith("div: the size of tensor a (3) must match the size of tensor b (4)", e.Message);
        Assert.Contains("[2, 3] and [4]", e.Message);
    }

    [Fact]
    public void Scalar_on_either_side_must_keep_the_order_of_operands()
    {
        var x = Tensor.FromArray([1f, 2f, 4f], 3);
        Assert.Equal([2f, 1f, -1f], Elementwise.ScalarWith(Arithmetic.Subtract, 3f, x).ToArray());
        Assert.Equal([-2f, -1f, 1f], Elementwise.WithScalar(Arithmetic.Subtract, x, 3f).ToArray());
        Assert.Equal([4f, 2f, 1f], Elementwise.ScalarWith(Arithmetic.Divide, 4f, x).ToArray());
        Assert.Equal([0.25f, 0.5f, 1f], Elementwise.WithScalar(Arithmetic.Divide, x, 4f).ToArray());
        Assert.Equal([3f, 6f, 12f], Elementwise.WithScalar(Arithmetic.Multiply, x, 3f).ToArray());
        Assert.Equal([4f, 5f, 7f], Elementwise.WithScalar(Arithmetic.Add, x, 3f).ToArray());
    }

    [Fact]
    public void Results_must_not_alias_their_inputs()
    {
        var x = Reference.Random(4, 3, 2);
        var sum = Elementwise.Add(x, Tensor.Zeros(3, 2));
        Assert.Equal(x.ToArray(), sum.ToArray());
        Assert.False(System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x.Span),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(sum.Span)));
    }
}
