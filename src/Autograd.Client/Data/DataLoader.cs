namespace Autograd.Client.Data;

/// <summary>
/// Batches of a <see cref="Dataset"/>, like PyTorch's <c>DataLoader</c>: in order, or shuffled anew
/// each epoch; the last partial batch is kept unless <c>dropLast</c>.
/// </summary>
/// <remarks>
/// An epoch's order depends only on <c>(seed, epoch)</c>, never on the epochs drawn before it, so a
/// run resumed at epoch <c>e</c> (from a checkpoint, on another machine) sees exactly the batches
/// the uninterrupted run would have seen: pass the epoch number, not a running generator.
/// </remarks>
public sealed class DataLoader
{
    public DataLoader(Dataset dataset, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (dataset.Count == 0) throw new ArgumentException($"{dataset.Name} has no samples to load", nameof(dataset));
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
    }

    public Dataset Dataset { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public int Seed { get; }
    public bool DropLast { get; }

    /// <summary>Batches in one epoch (PyTorch's <c>len(loader)</c>): 0 when dropping the last and there are fewer samples than a batch.</summary>
    public int BatchesPerEpoch => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>
    /// The order in which epoch <paramref name="epoch"/> visits the samples: 0..N-1 without shuffling;
    /// otherwise a Fisher–Yates permutation drawn from <c>new Random(EpochSeed(seed, epoch))</c>.
    /// </summary>
    public int[] Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (!Shuffle) return order;
        var random = new Random(EpochSeed(Seed, epoch));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The batches of an epoch as client-side tensors, features <c>[B, D]</c> and labels <c>[B]</c> (copies).</summary>
    public IEnumerable<(Tensor Features, Tensor Labels)> Batches(int epoch)
    {
        var order = Order(epoch);  // validates now, not at the first MoveNext
        return Slices(order);
    }

    /// <summary>
    /// The batches of an epoch on <paramref name="session"/>: each batch's features and labels are leaves
    /// (no grad) split into <c>Rows(k)</c> with <c>k = min(members, rows)</c>, replicated when k is 1,
    /// so a data-parallel step runs one shard per member.
    /// </summary>
    public IEnumerable<Batch> Batches(Session session, int epoch)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Batches(epoch).Select(batch =>
        {
            int rows = batch.Labels.Dims[0], shards = Math.Min(session.Hosts.Count, rows);
            var sharding = shards == 1 ? Sharding.Replicated : Sharding.Rows(shards);
            return new Batch(session.Variable(batch.Features, sharding: sharding), session.Variable(batch.Labels, sharding: sharding), rows);
        });
    }

    /// <summary>
    /// Mixes seed and epoch (a SplitMix64 step) into one generator seed. Deterministic on every
    /// machine and run, unlike <c>HashCode.Combine</c>, which is randomised per process.
    /// </summary>
    internal static int EpochSeed(int seed, int epoch)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return (int)(z ^ (z >> 31));
    }

    private IEnumerable<(Tensor Features, Tensor Labels)> Slices(int[] order)
    {
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            int start = b * BatchSize;
            var batch = Dataset.Rows(order.AsSpan(start, Math.Min(BatchSize, order.Length - start)));
            yield return batch;
        }
    }
}
