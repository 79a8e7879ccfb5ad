namespace Autograd.Client.Tests.EndToEnd;

/// <summary>The C# indexer reads as a PyTorch subscript: ints and ^k select, ranges slice with Python's clamping, whole ranges add nothing.</summary>
[Collection(EngineCollection.Name)]
public sealed class IndexerTests(EngineFixture fixture)
{
    private static readonly float[] Values = [.. Enumerable.Range(0, 12).Select(v => (float)v)];

    [Fact]
    public async Task Ints_ranges_and_indices_from_the_end_pick_what_PyTorch_picks()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray(Values, 3, 4));   // rows 0..3, 4..7, 8..11

        TensorAssert.Close([4, 5, 6, 7], await x[1].DataAsync());
        TensorAssert.Close([8, 9, 10, 11], await x[^1].DataAsync());
        TensorAssert.Close([8, 9, 10, 11], await x[-1].DataAsync());
        TensorAssert.Close([1, 2, 5, 6, 9, 10], await x[.., 1..3].DataAsync());
        TensorAssert.Close([4, 5, 6, 7], await x[1, ..].DataAsync());
        TensorAssert.Close([6], await x[1, 2].DataAsync());
        TensorAssert.Close([2, 3], await x[0, ^2..].DataAsync());
        Assert.Equal([3, 0], x[.., 5..9].Shape);   // bounds past the end are clamped, as Python's
        Assert.Equal([0, 4], x[2..1].Shape);
    }

    [Fact]
    public async Task A_whole_range_adds_no_node_and_a_subscript_is_built_from_select_and_narrow()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.FromArray(Values, 3, 4), requiresGrad: true);

        Assert.Same(x, x[..]);
        Assert.Equal("SelectBackward", x[.., 1].GradFn?.Name);
        Assert.Equal("SliceBackward", x[0, 1..3].GradFn?.Name);
        await x[1.., ^1].Sum().BackwardAsync();
        TensorAssert.Close([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1], await x.GradAsync());
    }

    [Fact]
    public async Task Too_many_indices_or_an_index_out_of_range_throw_when_the_subscript_is_built()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Zeros(3, 4));

        Assert.Contains("too many indices for tensor of dimension 2", Assert.Throws<ArgumentException>(() => x[0, 0, 0]).Message);
        Assert.Contains("index 3 out of range", Assert.ThrowsAny<ArgumentException>(() => x[3]).Message);
        Assert.Contains("out of bounds for dimension 1 with size 4", Assert.Throws<ArgumentException>(() => x[0, ^5]).Message);
    }
}
