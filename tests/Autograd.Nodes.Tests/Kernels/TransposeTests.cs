using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class TransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(1, 7)]
    [InlineData(33, 65)]
    [InlineData(100, 31)]
    [InlineData(0, 4)]
    public void Transpose_must_move_element_ij_to_ji_across_tile_edges(int rows, int cols)
    {
        var x = Reference.Random(1, rows, cols);
        var data = x.ToArray();

        var t = Transpose.Matrix(x);

        Assert.Equal([cols, rows], t.Shape);
        var actual = t.ToArray();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Assert.Equal(data[i * cols + j], actual[j * rows + i]);
    }

    [Fact]
    public void Transpose_must_reject_tensors_that_are_not_2d()
    {
        var e = Assert.Throws<ArgumentException>(() => Transpose.Matrix(Tensor.Zeros(2, 3, 4)));
        Assert.Contains("[2, 3, 4]", e.Message);
    }
}
