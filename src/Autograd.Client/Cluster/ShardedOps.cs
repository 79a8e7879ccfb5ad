using Autograd.Ops;

namespace Autograd.Client.Cluster;

/// <summary>
/// Carries out an op's <see cref="ShardingRule"/> (the op decides it: <see cref="Op.Sharding"/>) with
/// ordinary nodes, when the op is built on the client: per shard, partials joined on the first
/// shard's member, a row-weighted mean, or the sharded inputs gathered first. Knows no op by name.
/// </summary>
internal static class ShardedOps
{
    public static Variable Apply(Session session, OpSpec spec, Op op, Variable[] inputs, int[] shape)
    {
        var rule = op.Sharding(new ShardingQuery(
            inputs.Select(i => i.ShapeView).ToArray(), inputs.Select(i => i.IsSharded).ToArray(), shape,
            inputs.Select(i => i.Shards?.Select(s => s.ShapeView[0]).ToArray()).ToArray()));
        var result = rule switch
        {
            _ when rule == ShardingRule.PerShard && SameRows(inputs) => PerShard(session, spec, op, inputs, shape),
            _ when rule == ShardingRule.PerShardWithRowOffset && SameRows(inputs) => PerShard(session, spec, op, inputs, shape, withRowOffset: true),
            _ when rule == ShardingRule.RowWeightedMean && SameRows(inputs) => WeightedMean(session, spec, op, inputs),
            ShardingRule.Partials partials when inputs.Count(i => i.IsSharded) == 1 => Partials(session, partials, inputs, shape),
            _ => null,   // GatherFirst, or shards that do not line up
        };
        return result ?? session.Create(spec, op, inputs.Select(Whole).ToArray(), shape, WholeHost(session, inputs));
    }

    /// <summary>The op on each shard, with replicated inputs broadcast to every shard: the result stays sharded.</summary>
    private static Variable PerShard(Session session, OpSpec spec, Op op, Variable[] inputs, int[] shape, bool withRowOffset = false)
    {
        var sharded = inputs.First(i => i.IsSharded).Shards!;
        var shards = new Variable[sharded.Length];
        int row = 0;
        for (int s = 0; s < shards.Length; s++)
        {
            var shardInputs = inputs.Select(i => i.IsSharded ? i.Shards![s] : i).ToArray();
            var (shardSpec, shardOp) = withRowOffset ? (spec with { Start = row }, OpTable.Create(spec with { Start = row })) : (spec, op);
            var shardShape = GradientRules.InferShape(shardOp, shardInputs.Select(i => i.ShapeView).ToList());
            shards[s] = session.Create(shardSpec, shardOp, shardInputs, shardShape, shardInputs.First(i => i.IsShardOf(inputs, s)).Ref.Host);
            row += sharded[s].ShapeView[0];
        }
        return new Variable(session, shards, shape);
    }

    /// <summary>Each shard's partial of its own block, joined on the first shard's member, then finished there.</summary>
    private static Variable Partials(Session session, ShardingRule.Partials rule, Variable[] inputs, int[] shape)
    {
        var partialOp = OpTable.Create(rule.Partial);
        var partials = PerShard(session, rule.Partial, partialOp, inputs,
            GradientRules.InferShape(partialOp, inputs.Select(i => i.ShapeView).ToList())).Shards!;
        var combine = rule.Combine with { Parts = partials.Length };
        var combineOp = OpTable.Create(combine);
        var joined = session.Create(combine, combineOp, partials,
            GradientRules.InferShape(combineOp, partials.Select(p => p.ShapeView).ToList()), partials[0].Ref.Host);
        if (rule.Finish is not { } finish) return joined;
        return session.Create(finish, OpTable.Create(finish), [joined], shape, joined.Ref.Host);
    }

    /// <summary>A mean loss over rows: each shard's mean, weighted by its share of the rows, summed.</summary>
    private static Variable WeightedMean(Session session, OpSpec spec, Op op, Variable[] inputs)
    {
        var shardsOfLoss = PerShard(session, spec, op, inputs, []).Shards!;
        var sharded = inputs.First(i => i.IsSharded);
        var weighted = new Variable[shardsOfLoss.Length];
        for (int s = 0; s < weighted.Length; s++)
        {
            var weight = new OpSpec("mul_scalar", (float)sharded.Shards![s].ShapeView[0] / sharded.ShapeView[0]);
            weighted[s] = session.Create(weight, OpTable.Create(weight), [shardsOfLoss[s]], [], shardsOfLoss[s].Ref.Host);
        }
        var sum = new OpSpec("sum_partials", Parts: weighted.Length);
        return session.Create(sum, OpTable.Create(sum), weighted, [], weighted[0].Ref.Host);
    }

    /// <summary>Every sharded input is split into the same row blocks (so shard i of each lines up).</summary>
    private static bool SameRows(Variable[] inputs)
    {
        var sharded = inputs.Where(i => i.IsSharded).ToArray();
        return sharded.All(v => v.Shards!.Length == sharded[0].Shards!.Length &&
                                v.Shards.Zip(sharded[0].Shards!).All(p => p.First.ShapeView[0] == p.Second.ShapeView[0]));
    }

    private static Variable Whole(Variable v) => v.IsSharded ? v.Gathered : v;

    private static Akka.Actor.IActorRef WholeHost(Session session, Variable[] inputs) =>
        inputs.Length > 0 ? Whole(inputs[0]).Ref.Host : session.ShardHost(0);
}
