using Autograd.Client.Data;

namespace Autograd.Client.Tests.Data;

public class DatasetTests
{
    // Row i is [i, 10 + i] with label i % 3.
    private static Dataset Rows(int n) => new(
        Tensor.FromArray(Enumerable.Range(0, n).SelectMany(i => new float[] { i, 10 + i }).ToArray(), n, 2),
        Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)(i % 3)).ToArray(), n),
        name: "rows");

    [Fact]
    public void Classes_default_to_one_more_than_the_largest_label()
    {
        var set = Rows(5);

        Assert.Equal(5, set.Count);
        Assert.Equal(2, set.FeatureCount);
        Assert.Equal(3, set.Classes);
        Assert.Equal("rows: 5 samples, 2 features, 3 classes", set.ToString());
    }

    [Fact]
    public void A_subset_copies_the_rows_at_the_indices_in_their_order()
    {
        var subset = Rows(5).Subset([4, 1, 1]);

        Assert.Equal([4f, 14, 1, 11, 1, 11], subset.Features.ToArray());
        Assert.Equal([1f, 1, 1], subset.Labels.ToArray());
        Assert.Equal(3, subset.Classes);  // the parent's, even though label 2 is absent
    }

    [Fact]
    public void A_subset_index_out_of_range_is_an_error()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Rows(5).Subset([0, 5]));
        Assert.Contains("5 rows", error.Message);
    }

    public static TheoryData<string, Func<Dataset>, string> Invalid() => new()
    {
        { "features of rank 1", () => new Dataset(Tensor.Zeros(4), Tensor.Zeros(4)), "features must be [N, D], got [4]" },
        { "labels of rank 2", () => new Dataset(Tensor.Zeros(4, 2), Tensor.Zeros(4, 1)), "labels must be [N], got [4, 1]" },
        { "counts that differ", () => new Dataset(Tensor.Zeros(4, 2), Tensor.Zeros(3)), "4 feature rows but 3 labels" },
        { "a fractional label", () => new Dataset(Tensor.Zeros(2, 2), Tensor.FromArray([0, 1.5f], 2)), "label 1.5 at row 1" },
        { "a negative label", () => new Dataset(Tensor.Zeros(2, 2), Tensor.FromArray([-1, 0], 2)), "label -1 at row 0" },
        { "a NaN label", () => new Dataset(Tensor.Zeros(1, 2), Tensor.FromArray([float.NaN], 1)), "label NaN at row 0" },
        { "a label beyond the classes", () => new Dataset(Tensor.Zeros(2, 2), Tensor.FromArray([0, 3], 2), classes: 3), "not a class index in [0, 3)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Inconsistent_features_and_labels_are_rejected_saying_why(string problem, Func<Dataset> create, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(create);
        Assert.True(error.Message.Contains(expected), $"{problem}: {error.Message}");
    }
}
