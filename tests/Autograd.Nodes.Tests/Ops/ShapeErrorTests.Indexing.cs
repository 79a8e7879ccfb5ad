using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>
/// The indexing and shape ops reject bad dims, ranges and shapes when they are created, in PyTorch's
/// words with the op and the shape; bad index values are rejected when the op runs, naming the op, the
/// position and the value.
/// </summary>
public class IndexingShapeErrorTests
{
    private static ArgumentException Rejected(OpSpec spec, params int[][] shapes) =>
        Assert.ThrowsAny<ArgumentException>(() => GradientRules.InferShape(OpTable.Create(spec), shapes));

    private static void AssertSays(ArgumentException e, params string[] parts)
    {
        foreach (var part in parts) Assert.Contains(part, e.Message);
    }

    [Fact]
    public void Narrow_past_the_end_of_its_dim_names_start_length_and_size()
    {
        var e = Rejected(new OpSpec("narrow", Dim: 1, Start: 2, Length: 2), [2, 3, 4]);
        AssertSays(e, "narrow", "start (2) + length (2) exceeds dimension size (3)", "[2, 3, 4]");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-4)]
    public void Narrow_with_a_start_out_of_range_is_rejected(int start)
    {
        var e = Rejected(new OpSpec("narrow", Dim: 1, Start: start, Length: 0), [2, 3, 4]);
        AssertSays(e, "narrow", "start out of range", $"got {start}");
    }

    [Fact]
    public void Select_out_of_range_names_the_index_the_shape_and_the_dim()
    {
        var e = Rejected(new OpSpec("select", Dim: 1, Start: -4), [2, 3, 4]);
        AssertSays(e, "select", "index -4 out of range", "[2, 3, 4]", "dimension 1");
    }

    [Theory]
    [InlineData("narrow")]
    [InlineData("select")]
    public void Slicing_a_0_dimensional_tensor_is_rejected(string op)
    {
        var e = Rejected(new OpSpec(op, Dim: 0, Length: 1), Array.Empty<int>());
        AssertSays(e, op, "0-dim");
    }

    [Fact]
    public void A_dim_out_of_range_uses_PyTorchs_words_and_names_the_shape()
    {
        var e = Rejected(new OpSpec("narrow", Dim: 2, Length: 1), [2, 3]);
        AssertSays(e, "narrow", "Dimension out of range (expected to be in range of [-2, 1], but got 2)", "[2, 3]");
        e = Rejected(new OpSpec("unsqueeze", Dim: 3), [2, 3]);
        AssertSays(e, "unsqueeze", "[-3, 2], but got 3", "[2, 3]");
    }

    [Fact]
    public void Index_select_takes_a_vector_of_indices()
    {
        var e = Rejected(new OpSpec("index_select", Dim: 0), [4, 3], [2, 2]);
        AssertSays(e, "index_select", "Index is supposed to be a vector", "[2, 2]", "[4, 3]");
    }

    [Theory]
    [InlineData(3f, 1)]
    [InlineData(-1f, 0)]
    [InlineData(1.5f, 2)]
    [InlineData(float.NaN, 1)]
    public void An_index_that_is_not_an_integer_in_range_names_the_op_its_position_and_value(float bad, int position)
    {
        var values = new[] { 0f, 1f, 2f };
        values[position] = bad;
        var op = OpTable.Create(new OpSpec("index_select", Dim: 1));

        var e = Assert.ThrowsAny<ArgumentException>(() => op.Forward([Tensor.Zeros(2, 3), Tensor.FromArray(values, 3)]));

        AssertSays(e, "index_select", $"index {bad} at position {position}", "[0, 2]", "dimension 1");
    }

    [Fact]
    public void Cat_of_mismatched_sizes_names_the_dim_the_sizes_the_tensor_and_the_shapes()
    {
        var e = Rejected(new OpSpec("cat", Dim: 0, Parts: 2), [2, 3, 4], [2, 4, 4]);
        AssertSays(e, "cat", "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1",
            "[2, 3, 4]", "[2, 4, 4]");
    }

    [Fact]
    public void Cat_of_different_ranks_or_of_a_0_dimensional_tensor_is_rejected()
    {
        AssertSays(Rejected(new OpSpec("cat", Parts: 2), [2, 3], [3]), "cat", "same number of dimensions: got 2 and 1");
        AssertSays(Rejected(new OpSpec("cat", Parts: 2), [2], []), "cat", "zero-dimensional tensor (at position 1)");
    }

    [Fact]
    public void Stack_of_different_shapes_names_both_and_their_entries()
    {
        var e = Rejected(new OpSpec("stack", Parts: 2), [2, 3], [3, 2]);
        AssertSays(e, "stack", "equal size", "[2, 3] at entry 0", "[3, 2] at entry 1");
    }

    [Fact]
    public void Permute_needs_one_dim_per_dim_of_the_input_each_once()
    {
        AssertSays(Rejected(new OpSpec("permute", Dims: [0, 1]), [2, 3, 4]), "permute", "input.dim() = 3 is not equal to len(dims) = 2", "[2, 3, 4]");
        AssertSays(Rejected(new OpSpec("permute", Dims: [0, 1, -2]), [2, 3, 4]), "permute", "duplicate dims");
    }

    [Fact]
    public void Expand_to_a_size_other_than_a_non_singleton_one_is_rejected_in_PyTorchs_words()
    {
        var e = Rejected(new OpSpec("expand", Shape: [2, 5, 4]), [2, 3, 4]);
        AssertSays(e, "expand", "expanded size of the tensor (5) must match the existing size (3) at non-singleton dimension 1",
            "[2, 5, 4]", "[2, 3, 4]");
        AssertSays(Rejected(new OpSpec("expand", Shape: [3, 4]), [2, 3, 4]), "expand", "number of sizes provided (2)");
        AssertSays(Rejected(new OpSpec("expand", Shape: [-1, 3]), [3]), "expand", "leading, non-existing dimension 0");
    }

    [Fact]
    public void Flatten_with_start_after_end_is_rejected()
    {
        var e = Rejected(new OpSpec("flatten", Dims: [2, 1]), [2, 3, 4]);
        AssertSays(e, "flatten", "start_dim cannot come after end_dim", "[2, 3, 4]");
    }

    [Fact]
    public void T_stays_2_D_while_transpose_of_two_dims_takes_any_rank()
    {
        AssertSays(Rejected(new OpSpec("transpose"), [2, 3, 4]), "transpose", "2-D", "[2, 3, 4]");
        Assert.Equal([4, 3, 2], GradientRules.InferShape(OpTable.Create(new OpSpec("transpose", Dims: [0, -1])), [[2, 3, 4]]));
        Assert.Equal("TBackward", OpTable.Create(new OpSpec("transpose")).GradFnName);
        Assert.Equal("TransposeBackward", OpTable.Create(new OpSpec("transpose", Dims: [0, 1])).GradFnName);
    }
}
