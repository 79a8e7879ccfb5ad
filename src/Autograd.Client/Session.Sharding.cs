using Akka.Actor;
using Autograd.Client.Cluster;
using Autograd.Ops;

namespace Autograd.Client;

// Placement of shards: shard i of every sharded tensor lives on member i mod M of the engine's
// ordered compute members, so elementwise work between shards never crosses the network.
public sealed partial class Session
{
    internal IActorRef ShardHost(int shard) => Hosts[shard % Hosts.Count];

    private Variable ShardedLeaf(Tensor data, bool requiresGrad, Sharding sharding)
    {
        if (data.Rank == 0)
            throw new ArgumentException($"{sharding}: a 0-dimensional tensor has no rows to shard");
        var sizes = RowSplit.Sizes(data.Dims[0], sharding.Shards);
        int rowLength = data.Rank == 1 ? 1 : data.Count / data.Dims[0];
        var shards = new Variable[sizes.Length];
        int row = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            var shape = data.Shape;
            shape[0] = sizes[i];
            var part = Tensor.Wrap(data.Span.Slice(row * rowLength, sizes[i] * rowLength).ToArray(), shape);
            shards[i] = LeafAt(ShardHost(i), part, requiresGrad);
            row += sizes[i];
        }
        return new Variable(this, shards, data.Shape);
    }

    /// <summary>The gather node of a sharded variable, on the first shard's member.</summary>
    internal Variable Gather(Variable sharded)
    {
        var shards = sharded.Shards!;
        var spec = new OpSpec("gather", Parts: shards.Length);
        return Create(spec, OpTable.Create(spec), shards, sharded.ShapeView, shards[0].Ref.Host);
    }

    private Variable ApplySharded(OpSpec spec, Op op, Variable[] inputs, int[] shape) =>
        ShardedOps.Apply(this, spec, op, inputs, shape);
}
