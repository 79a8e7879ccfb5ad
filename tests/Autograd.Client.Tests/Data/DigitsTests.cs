using Autograd.Client.Data;

namespace Autograd.Client.Tests.Data;

// Expected values from scikit-learn 1.2.1 (`/usr/bin/python3`):
//   d = load_digits(); d.data.shape; np.bincount(d.target); d.data[0] / 16; np.bincount(d.target[::5])
public class DigitsTests
{
    private static readonly int[] PerClass = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];
    private static readonly int[] TestPerClass = [42, 28, 26, 48, 38, 39, 30, 26, 36, 47];

    private static readonly float[] FirstRow =
    [
        0, 0, 0.3125f, 0.8125f, 0.5625f, 0.0625f, 0, 0,
        0, 0, 0.8125f, 0.9375f, 0.625f, 0.9375f, 0.3125f, 0,
        0, 0.1875f, 0.9375f, 0.125f, 0, 0.6875f, 0.5f, 0,
        0, 0.25f, 0.75f, 0, 0, 0.5f, 0.5f, 0,
        0, 0.3125f, 0.5f, 0, 0, 0.5625f, 0.5f, 0,
        0, 0.25f, 0.6875f, 0, 0.0625f, 0.75f, 0.4375f, 0,
        0, 0.125f, 0.875f, 0.3125f, 0.625f, 0.75f, 0, 0,
        0, 0, 0.375f, 0.8125f, 0.625f, 0, 0, 0,
    ];

    private static int[] CountPerClass(Dataset set) =>
        Enumerable.Range(0, set.Classes).Select(c => set.Labels.ToArray().Count(l => l == c)).ToArray();

    [Fact]
    public void Digits_has_sklearns_1797_samples_of_64_features_in_10_classes()
    {
        var digits = Digits.Load();

        Assert.Equal(1797, digits.Count);
        Assert.Equal([1797, 64], digits.Features.Shape);
        Assert.Equal(10, digits.Classes);
        Assert.Equal(PerClass, CountPerClass(digits));
    }

    [Fact]
    public void The_first_sample_is_sklearns_first_row_divided_by_16_and_features_stay_in_the_unit_interval()
    {
        var digits = Digits.Load();

        Assert.Equal(FirstRow, digits.Features.Span[..64].ToArray());
        Assert.Equal([0f, 1, 2, 3, 4, 5, 6, 7, 8, 9], digits.Labels.Span[..10].ToArray());
        Assert.All(digits.Features.ToArray(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void The_split_tests_on_every_fifth_row_and_trains_on_the_rest_in_order()
    {
        var all = Digits.Load();
        var (train, test) = Digits.TrainTestSplit();

        Assert.Equal(1437, train.Count);
        Assert.Equal(360, test.Count);
        Assert.Equal(TestPerClass, CountPerClass(test));
        Assert.Equal(PerClass.Zip(TestPerClass, (a, b) => a - b), CountPerClass(train));
        // Test row 1 is row 5; train rows 3 and 4 are rows 4 and 6.
        Assert.Equal(all.Features.Span.Slice(5 * 64, 64).ToArray(), test.Features.Span.Slice(64, 64).ToArray());
        Assert.Equal(all.Features.Span.Slice(4 * 64, 64).ToArray(), train.Features.Span.Slice(3 * 64, 64).ToArray());
        Assert.Equal(all.Features.Span.Slice(6 * 64, 64).ToArray(), train.Features.Span.Slice(4 * 64, 64).ToArray());
    }

    [Fact]
    public void Train_and_test_are_disjoint_and_together_are_the_whole_set()
    {
        var all = Digits.Load();
        var (train, test) = Digits.TrainTestSplit();

        // Rows (image and label) as text, compared as multisets: every row of the set is in
        // exactly one part, even where the set holds the same image twice.
        static string[] Rows(Dataset d) =>
            Enumerable.Range(0, d.Count).Select(i => string.Join(',', d.Features.Span.Slice(i * 64, 64).ToArray()) + ':' + d.Labels.Span[i]).ToArray();
        var trainRows = Rows(train);
        var testRows = Rows(test);

        Assert.Equal(Rows(all).Order(), trainRows.Concat(testRows).Order());
    }
}
