using Autograd.Ops;
using static Autograd.Nodes.Tests.OpRules.OpRunner;

namespace Autograd.Nodes.Tests.OpRules;

/// <summary>
/// Max, min, argmax and argmin where PyTorch's answer is not the obvious one (NaN, signed zeros,
/// ties, the vector path of the kernel), and their sharded forms against the unsharded op.
/// </summary>
public class ExtremumOpTests
{
    [Fact]
    public void NaN_must_be_the_maximum_and_the_minimum_and_the_first_NaN_must_win()
    {
        var x = T([1f, float.NaN, 3f, float.NaN], 4);
        var (max, grad) = Run(new OpSpec("max", Dim: 0), null, x);
        var (argmin, _) = Run(new OpSpec("argmin", Dim: 0), null, x);
        Assert.True(float.IsNaN(max.Item()));
        Assert.Equal([0f, 1f, 0f, 0f], grad[0]!.ToArray());
        Assert.Equal(1f, argmin.Item());
    }

    [Fact]
    public void The_full_maximum_with_NaN_must_split_its_gradient_among_the_NaNs()
    {
        var (max, grad) = Run(new OpSpec("max"), Tensor.Scalar(1f), T([1f, float.NaN, 3f, float.NaN], 4));
        Assert.True(float.IsNaN(max.Item()));
        Assert.Equal([0f, 0.5f, 0f, 0.5f], grad[0]!.ToArray());
    }

    [Fact]
    public void The_full_minimum_must_split_its_gradient_evenly_among_ties()
    {
        var (min, grad) = Run(new OpSpec("min"), Tensor.Scalar(3f), T([0f, -1f, 2f, -1f, -1f, 4f], 2, 3));
        Assert.Equal(-1f, min.Item());
        Assert.Equal([0f, 1f, 0f, 1f, 1f, 0f], grad[0]!.ToArray());
    }

    [Fact]
    public void Zero_and_negative_zero_must_tie_and_the_first_must_win()
    {
        var (argmax, _) = Run(new OpSpec("argmax", Dim: 1), null, T([-0f, 0f, 0f, -0f], 2, 2));
        Assert.Equal([0f, 0f], argmax.ToArray());
    }

    [Theory]
    [InlineData(0, 3, 37)]      // runs of 37 along the inner dim: vectors and a tail
    [InlineData(1, 5, 19)]
    [InlineData(-1, 4, 33)]     // contiguous runs
    public void The_kernel_must_pick_the_first_extreme_like_a_plain_loop(int dim, int rows, int columns)
    {
        var random = new Random(dim + rows * 7);
        // small integers and NaNs: many ties
        var data = Enumerable.Range(0, rows * columns).Select(_ => random.Next(12) == 0 ? float.NaN : random.Next(-2, 3)).ToArray();
        var x = T(data, rows, columns);
        foreach (var largest in new[] { true, false })
        {
            var (values, _) = Run(new OpSpec(largest ? "max" : "min", Dim: dim), null, x);
            var (indices, _) = Run(new OpSpec(largest ? "argmax" : "argmin", Dim: dim), null, x);
            var (expectedValues, expectedIndices) = PlainExtremum(data, rows, columns, dim < 0 ? dim + 2 : dim, largest);
            Assert.Equal(expectedIndices, indices.ToArray());
            Assert.Equal(expectedValues, values.ToArray());
        }
    }

    [Fact]
    public void Values_along_a_dim_must_send_each_gradient_to_the_first_index_of_the_extreme()
    {
        var (values, grad) = Run(new OpSpec("max", Dim: 0), T([10f, 20f, 30f], 3), T([1f, 3f, 3f, 3f, 0f, 3f], 2, 3));
        Assert.Equal([3f, 3f, 3f], values.ToArray());
        Assert.Equal([0f, 20f, 30f, 10f, 0f, 0f], grad[0]!.ToArray());
    }

    [Theory]
    [InlineData("max", new[] { 3, 2, 2 }, false)]
    [InlineData("min", new[] { 1, 4, 2 }, true)]
    [InlineData("argmax", new[] { 2, 2, 3 }, false)]
    [InlineData("argmin", new[] { 4, 3 }, true)]
    public void Partials_of_row_blocks_joined_must_equal_the_op_over_all_rows(string op, int[] rows, bool keepDim)
    {
        var random = new Random(rows.Length);
        int total = rows.Sum();
        var data = Enumerable.Range(0, total * 5).Select(_ => (float)random.Next(-3, 4)).ToArray();   // ties across blocks
        var whole = Run(new OpSpec(op, Dim: 0, KeepDim: keepDim), null, T(data, total, 5)).Output;

        bool largest = op.EndsWith("max", StringComparison.Ordinal);
        var partials = Blocks(data, rows, 5).Select(b => Run(new OpSpec(largest ? "max_partial" : "min_partial", Dim: 0), null, b).Output).ToArray();
        var firstRows = rows.Select((_, i) => rows.Take(i).Sum()).ToArray();
        var joined = Run(new OpSpec(op + "_partials", Dim: 0, KeepDim: keepDim, Parts: rows.Length, Dims: firstRows), null, partials).Output;

        Assert.Equal(whole.Shape, joined.Shape);
        Assert.Equal(whole.ToArray(), joined.ToArray());
    }

    [Fact]
    public void A_full_extreme_of_row_blocks_must_split_its_gradient_among_all_ties_of_all_blocks()
    {
        float[] data = [2f, 0f, 1f, 2f, 1f, 0f, 2f, 2f];   // four 2s: two in block 0, none in block 1, two in block 2
        int[] rows = [2, 1, 1];
        var partialOp = OpTable.Create(new OpSpec("max_partial"));
        var blocks = Blocks(data, rows, 2);
        var partials = blocks.Select(b => partialOp.Forward([b])).ToArray();
        var joinOp = OpTable.Create(new OpSpec("max_partials", Parts: 3));
        var joined = joinOp.Forward(partials);
        var partialGrads = GradientRules.Apply(joinOp, Tensor.Scalar(1f), partials, joined, [true, true, true]);
        var grads = blocks.Select((b, i) => GradientRules.Apply(partialOp, partialGrads[i]!, [b], partials[i], [true])[0]!.ToArray());

        Assert.Equal(2f, joined.Item());
        Assert.Equal([0.25f, 0f, 0f, 0.25f, 0f, 0f, 0.25f, 0.25f], grads.SelectMany(g => g).ToArray());
    }

    internal static Tensor[] Blocks(float[] data, int[] rows, int width)
    {
        int start = 0;
        return rows.Select(r =>
        {
            var block = T(data[(start * width)..((start + r) * width)], [r, .. (width == 0 ? Array.Empty<int>() : [width])]);
            start += r;
            return block;
        }).ToArray();
    }

    private static (float[] Values, float[] Indices) PlainExtremum(float[] data, int rows, int columns, int dim, bool largest)
    {
        int outer = dim == 0 ? columns : rows, size = dim == 0 ? rows : columns;
        var values = new float[outer];
        var indices = new float[outer];
        for (int o = 0; o < outer; o++)
        {
            int best = 0;
            for (int j = 1; j < size; j++)
            {
                float v = At(o, j), b = At(o, best);
                if (float.IsNaN(b)) break;
                if (float.IsNaN(v) || (largest ? v > b : v < b)) best = j;
            }
            (values[o], indices[o]) = (At(o, best), best);
        }
        return (values, indices);

        float At(int o, int j) => dim == 0 ? data[j * columns + o] : data[o * columns + j];
    }
}
