namespace Autograd.Client;

/// <summary>How a variable is split across members.</summary>
public sealed record Sharding
{
    private Sharding(int shards) => Shards = shards;

    /// <summary>Number of row blocks (1 = replicated).</summary>
    public int Shards { get; }

    public bool IsReplicated => Shards == 1;

    /// <summary>One actor holds the whole tensor.</summary>
    public static Sharding Replicated { get; } = new(1);

    /// <summary>Dim 0 split into <paramref name="shards"/> contiguous blocks whose sizes differ by at most one.</summary>
    public static Sharding Rows(int shards) =>
        shards >= 1 ? new Sharding(shards) : throw new ArgumentOutOfRangeException(nameof(shards), shards, "at least one shard");

    public override string ToString() => IsReplicated ? "Replicated" : $"Rows({Shards})";
}
