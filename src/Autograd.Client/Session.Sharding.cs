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
        var parts = RowBlocks.Split(data, RowSplit.Sizes(data.Dims[0], sharding.Shards));
        var shards = new Variable[parts.Length];
        for (int i = 0; i < parts.Length; i++) shards[i] = LeafAt(ShardHost(i), parts[i], requiresGrad);
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
