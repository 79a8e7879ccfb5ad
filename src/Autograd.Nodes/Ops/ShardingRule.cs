namespace Autograd.Ops;

/// <summary>
/// How an op runs when some of its inputs are row-sharded (<c>Rows(k)</c>: dim 0 in k blocks, block
/// i on member i mod M). Each op decides from the shapes (<see cref="Op.Sharding"/>) when it is
/// built; the client carries the rule out with ordinary nodes, so members never learn of sharding.
/// Every result equals the unsharded op's within float32 rounding.
/// </summary>
public abstract record ShardingRule
{
    private ShardingRule() { }

    /// <summary>
    /// The sharded inputs are gathered into whole values first and the op runs once, on the first
    /// shard's member: the explicit rule of an op with no sharded form (the default).
    /// </summary>
    public static ShardingRule GatherFirst { get; } = new Gather();

    /// <summary>
    /// The op runs on every shard: each sharded input gives its block (they must have the same row
    /// blocks, or the client gathers instead), each replicated input is broadcast to every shard, and
    /// the result is sharded in the same blocks. For ops whose output rows depend only on the same rows of the input.
    /// </summary>
    public static ShardingRule PerShard { get; } = new Each();

    /// <summary>
    /// As <see cref="PerShard"/>, with each shard's spec carrying the index of its first row in
    /// <see cref="OpSpec.Start"/>: for ops whose result depends on where a row is in the whole
    /// tensor (dropout draws each element's mask from its global position, so shards draw the
    /// unsharded mask's rows).
    /// </summary>
    public static ShardingRule PerShardWithRowOffset { get; } = new EachWithOffset();

    /// <summary>
    /// A reduction across rows: every shard computes <paramref name="Partial"/> of its own block, the
    /// partials go to the first shard's member where <paramref name="Combine"/> (an op over as many
    /// inputs as there are shards; its <see cref="OpSpec.Parts"/> is filled in) joins them, and
    /// <paramref name="Finish"/>, if any, runs on the joined value. Only the partials cross members.
    /// </summary>
    public sealed record Partials(OpSpec Partial, OpSpec Combine, OpSpec? Finish = null) : ShardingRule;

    /// <summary>
    /// A mean over rows of a loss: the op on every shard, each result weighted by its shard's share of
    /// the rows, summed (<c>sum_partials</c>).
    /// </summary>
    public static ShardingRule RowWeightedMean { get; } = new WeightedMean();

    private sealed record Gather : ShardingRule;

    private sealed record Each : ShardingRule;

    private sealed record EachWithOffset : ShardingRule;

    private sealed record WeightedMean : ShardingRule;
}

/// <summary>
/// The shapes an op is built on and which inputs are row-sharded (what <see cref="Op.Sharding"/>
/// decides from); <paramref name="RowBlocks"/> gives the rows of each shard of a sharded input (null
/// for a replicated one), for rules that need where each shard starts.
/// </summary>
public sealed record ShardingQuery(IReadOnlyList<int[]> InputShapes, IReadOnlyList<bool> Sharded, int[] OutputShape,
    IReadOnlyList<int[]?>? RowBlocks = null)
{
    /// <summary>
    /// True when every sharded input's dim 0 is the output's dim 0 and every replicated input is the
    /// same for every row (fewer dimensions than the output, or size 1 in dim 0): an elementwise op then
    /// runs shard by shard.
    /// </summary>
    public bool BroadcastsAlongRows()
    {
        int rank = OutputShape.Length;
        if (rank == 0) return false;
        for (int i = 0; i < InputShapes.Count; i++)
        {
            var shape = InputShapes[i];
            bool rowsAligned = shape.Length == rank && shape[0] == OutputShape[0];
            bool sameForEveryRow = shape.Length < rank || shape[0] == 1;
            if (Sharded[i] ? !rowsAligned : !sameForEveryRow) return false;
        }
        return true;
    }
}
