using Autograd.Ops;
using Autograd.Tensors;

namespace Autograd.Client.Cluster;

/// <summary>
/// The sharding rules, decided on the client when an op is created (shapes are known):
/// elementwise ops keep their sharded operand's sharding (a replicated operand is broadcast to
/// every shard); full and dim-0 reductions reduce each shard locally and gather only the
/// partials (sum_partials); reductions over other dims, row-wise softmax/log_softmax and
/// matmul of row-sharded by replicated stay sharded; cross_entropy and mse_loss weight each
/// shard's mean by its share and sum the partials. Anything else gathers first.
/// </summary>
internal static class ShardedOps
{
    private static readonly HashSet<string> Elementwise =
    [
        "neg", "pow", "exp", "log", "sqrt", "tanh", "sigmoid", "relu",
        "add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar", "rdiv_scalar",
    ];

    public static Variable Apply(Session session, OpSpec spec, Op op, Variable[] inputs, int[] shape)
    {
        var result = spec.Name switch
        {
            _ when Elementwise.Contains(spec.Name) => PerShard(session, spec, op, inputs, shape),
            "add" or "sub" or "mul" or "div" => Binary(session, spec, op, inputs, shape),
            "sum" or "mean" => Reduce(session, spec, op, inputs[0], shape),
            "matmul" when inputs[0].IsSharded && !inputs[1].IsSharded && inputs[0].ShapeView.Length == 2 =>
                PerShard(session, spec, op, inputs, shape),
            "linear" when inputs[0].IsSharded && inputs.Skip(1).All(i => !i.IsSharded) && inputs[0].ShapeView.Length >= 2 =>
                PerShard(session, spec, op, inputs, shape),
            "softmax" or "log_softmax" when RowWise(spec, inputs[0]) => PerShard(session, spec, op, inputs, shape),
            "cross_entropy" or "mse_loss" when SameRows(inputs[0], inputs[1]) && inputs[0].IsSharded =>
                WeightedMean(session, spec, op, inputs),
            _ => null,
        };
        return result ?? session.Create(spec, op, inputs.Select(Whole).ToArray(), shape, WholeHost(session, inputs));
    }

    /// <summary>The op on each shard, with replicated inputs broadcast to every shard: the result stays sharded.</summary>
    private static Variable PerShard(Session session, OpSpec spec, Op op, Variable[] inputs, int[] shape)
    {
        int k = inputs.First(i => i.IsSharded).Shards!.Length;
        var shards = new Variable[k];
        for (int s = 0; s < k; s++)
        {
            var shardInputs = inputs.Select(i => i.IsSharded ? i.Shards![s] : i).ToArray();
            var shardShape = GradientRules.InferShape(op, shardInputs.Select(i => i.ShapeView).ToList());
            shards[s] = session.Create(spec, op, shardInputs, shardShape, shardInputs.First(i => i.IsShardOf(inputs, s)).Ref.Host);
        }
        return new Variable(session, shards, shape);
    }

    /// <summary>
    /// Shard-wise when both operands have the same row blocks, or when the replicated one
    /// broadcasts along rows (it has fewer dimensions, or size 1 in dim 0); otherwise null.
    /// </summary>
    private static Variable? Binary(Session session, OpSpec spec, Op op, Variable[] inputs, int[] shape)
    {
        Variable a = inputs[0], b = inputs[1];
        if (a.IsSharded && b.IsSharded)
            return SameRows(a, b) ? PerShard(session, spec, op, inputs, shape) : null;
        var sharded = a.IsSharded ? a : b;
        var replicated = a.IsSharded ? b : a;
        int rank = sharded.ShapeView.Length;
        bool broadcastsAlongRows = shape.Length == rank &&
            (replicated.ShapeView.Length < rank || replicated.ShapeView[0] == 1);
        return broadcastsAlongRows ? PerShard(session, spec, op, inputs, shape) : null;
    }

    /// <summary>Over all elements or dim 0: partials per shard, summed on the first shard's member. Other dims stay sharded.</summary>
    private static Variable Reduce(Session session, OpSpec spec, Op op, Variable x, int[] shape)
    {
        var dims = x.ShapeView;
        int? dim = spec.Dim is int d ? Dimensions.Normalize(d, dims.Length, spec.Name) : null;
        if (dim is > 0) return PerShard(session, spec, op, [x], shape);

        var partialSpec = new OpSpec("sum", Dim: dim, KeepDim: spec.KeepDim);
        var partials = PerShard(session, partialSpec, OpTable.Create(partialSpec), [x], shape).Shards!;
        var total = SumPartials(session, partials, shape);
        if (spec.Name == "sum") return total;
        int count = dim is null ? Tensor.CheckShape(dims) : dims[0];
        var divide = new OpSpec("div_scalar", count);
        return session.Create(divide, OpTable.Create(divide), [total], shape, total.Ref.Host);
    }

    /// <summary>A mean loss over rows: each shard's mean, weighted by its share of the elements, summed.</summary>
    private static Variable WeightedMean(Session session, OpSpec spec, Op op, Variable[] inputs)
    {
        var shardsOfLoss = PerShard(session, spec, op, inputs, []).Shards!;
        int total = inputs[0].ShapeView[0];
        var weighted = new Variable[shardsOfLoss.Length];
        for (int s = 0; s < weighted.Length; s++)
        {
            var weight = new OpSpec("mul_scalar", (float)inputs[0].Shards![s].ShapeView[0] / total);
            weighted[s] = session.Create(weight, OpTable.Create(weight), [shardsOfLoss[s]], [], shardsOfLoss[s].Ref.Host);
        }
        return SumPartials(session, weighted, []);
    }

    private static Variable SumPartials(Session session, Variable[] partials, int[] shape)
    {
        var spec = new OpSpec("sum_partials", Parts: partials.Length);
        return session.Create(spec, OpTable.Create(spec), partials, shape, partials[0].Ref.Host);
    }

    private static bool RowWise(OpSpec spec, Variable x) =>
        x.ShapeView.Length >= 2 && spec.Dim is int d && Dimensions.Normalize(d, x.ShapeView.Length, spec.Name) > 0;

    /// <summary>Both sharded into the same row blocks.</summary>
    private static bool SameRows(Variable a, Variable b) =>
        a.IsSharded && b.IsSharded && a.Shards!.Length == b.Shards!.Length &&
        a.Shards.Zip(b.Shards).All(p => p.First.ShapeView[0] == p.Second.ShapeView[0]);

    private static Variable Whole(Variable v) => v.IsSharded ? v.Gathered : v;

    private static Akka.Actor.IActorRef WholeHost(Session session, Variable[] inputs) =>
        inputs.Length > 0 ? Whole(inputs[0]).Ref.Host : session.ShardHost(0);
}
