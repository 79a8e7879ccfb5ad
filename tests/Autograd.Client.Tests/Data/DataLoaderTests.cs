using Autograd.Client.Data;

namespace Autograd.Client.Tests.Data;

public class DataLoaderTests
{
    // Row i is [i, -i] with label i % 4, so a batch shows which rows it holds.
    internal static Dataset Numbered(int n) => new(
        Tensor.FromArray(Enumerable.Range(0, n).SelectMany(i => new float[] { i, -i }).ToArray(), n, 2),
        Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)(i % 4)).ToArray(), n));

    [Theory]
    [InlineData(10, 4, false, 3, new[] { 4, 4, 2 })]
    [InlineData(10, 4, true, 2, new[] { 4, 4 })]
    [InlineData(8, 4, false, 2, new[] { 4, 4 })]
    [InlineData(8, 4, true, 2, new[] { 4, 4 })]
    [InlineData(3, 4, false, 1, new[] { 3 })]
    [InlineData(3, 4, true, 0, new int[0])]
    public void The_last_partial_batch_is_kept_or_dropped_as_in_pytorch(int n, int batchSize, bool dropLast, int batches, int[] sizes)
    {
        var loader = new DataLoader(Numbered(n), batchSize, dropLast: dropLast);

        Assert.Equal(batches, loader.BatchesPerEpoch);
        Assert.Equal(sizes, loader.Batches(0).Select(b => b.Labels.Dims[0]).ToArray());
    }

    [Fact]
    public void Without_shuffle_every_epoch_visits_the_samples_in_order()
    {
        var loader = new DataLoader(Numbered(5), 2);

        Assert.Equal([0, 1, 2, 3, 4], loader.Order(0));
        Assert.Equal([0, 1, 2, 3, 4], loader.Order(7));
    }

    [Fact]
    public void Each_shuffled_epoch_is_a_permutation_visiting_every_sample_once()
    {
        var loader = new DataLoader(Numbered(100), 8, shuffle: true, seed: 3);

        foreach (int epoch in new[] { 0, 1, 2, 50 })
        {
            var order = loader.Order(epoch);
            Assert.Equal(Enumerable.Range(0, 100), order.Order());
            Assert.NotEqual(Enumerable.Range(0, 100), order);
        }
    }

    [Fact]
    public void An_epochs_order_depends_only_on_seed_and_epoch_so_a_resumed_run_sees_the_same_batches()
    {
        var uninterrupted = new DataLoader(Numbered(50), 8, shuffle: true, seed: 11);
        var epochs = Enumerable.Range(0, 4).Select(uninterrupted.Order).ToArray();
        var resumed = new DataLoader(Numbered(50), 8, shuffle: true, seed: 11);

        Assert.Equal(epochs[3], resumed.Order(3));  // no epoch drawn before it
        Assert.Equal(epochs[3], resumed.Order(3));  // nor consumed by drawing it once
        Assert.Equal(epochs[2], resumed.Order(2));
        Assert.NotEqual(epochs[0], epochs[1]);
        Assert.NotEqual(epochs[1], epochs[2]);
        Assert.NotEqual(epochs[0], new DataLoader(Numbered(50), 8, shuffle: true, seed: 12).Order(0));
    }

    [Fact]
    public void The_shuffle_is_pinned_so_runs_reproduce_across_machines_and_releases()
    {
        // Golden: the first implementation's permutation. If this changes, old runs stop reproducing.
        var loader = new DataLoader(Numbered(10), 4, shuffle: true, seed: 0);

        Assert.Equal([7, 0, 6, 5, 2, 9, 8, 4, 3, 1], loader.Order(0));
        Assert.Equal([3, 0, 9, 2, 4, 7, 5, 6, 1, 8], loader.Order(1));
    }

    [Fact]
    public void Batches_hold_the_rows_of_the_order_with_their_own_labels()
    {
        var loader = new DataLoader(Numbered(10), 4, shuffle: true, seed: 5);
        var order = loader.Order(2);

        var batches = loader.Batches(2).ToArray();

        Assert.Equal(order.SelectMany(i => new float[] { i, -i }), batches.SelectMany(b => b.Features.ToArray()));
        Assert.Equal(order.Select(i => (float)(i % 4)), batches.SelectMany(b => b.Labels.ToArray()));
        Assert.All(batches, b => Assert.Equal(2, b.Features.Dims[1]));
    }

    [Fact]
    public void Bad_arguments_are_rejected_when_given_not_when_first_enumerated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbered(3), 0));
        var empty = new Dataset(Tensor.Zeros(0, 2), Tensor.Zeros(0), name: "nothing");
        Assert.Contains("nothing has no samples", Assert.Throws<ArgumentException>(() => new DataLoader(empty, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbered(3), 1).Batches(-1));
    }
}
