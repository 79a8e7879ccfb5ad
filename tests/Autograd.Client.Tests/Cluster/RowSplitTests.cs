using Autograd.Client.Cluster;

namespace Autograd.Client.Tests.Cluster;

public class RowSplitTests
{
    [Theory]
    [InlineData(6, 3, new[] { 2, 2, 2 })]
    [InlineData(7, 3, new[] { 3, 2, 2 })]
    [InlineData(8, 3, new[] { 3, 3, 2 })]
    [InlineData(4096, 1, new[] { 4096 })]
    public void Rows_split_into_contiguous_blocks_whose_sizes_differ_by_at_most_one(int rows, int shards, int[] expected) =>
        Assert.Equal(expected, RowSplit.Sizes(rows, shards));

    [Fact]
    public void Fewer_rows_than_shards_is_an_error_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => RowSplit.Sizes(2, 3));
        Assert.Contains("2 rows into 3", error.Message);
    }
}
