using Autograd.Client.Cluster;

namespace Autograd.Client;

// A row-sharded variable: k shard variables (real nodes, shard i on member i mod M) standing
// for one logical tensor. It is not a node itself; it is gathered into one (a "gather" node)
// only when something needs the whole value on one member.
public sealed partial class Variable
{
    private readonly Lock _gatherLock = new();
    private Variable? _gathered;

    internal Variable(Session session, Variable[] shards, int[] shape)
    {
        Session = session;
        Shards = shards;
        _ref = null;
        _shape = shape;
        RequiresGrad = shards.Any(s => s.RequiresGrad);
        Op = shards[0].Op;
        GradFn = shards[0].GradFn;
        _inputs = [];
        _needsGrad = [];
        // Not a node: nothing to release. Its shards and its gather node release their own.
        GC.SuppressFinalize(this);
    }

    /// <summary>The shards in order, or null for a replicated variable.</summary>
    internal Variable[]? Shards { get; }

    internal bool IsSharded => Shards is not null;

    /// <summary>How the value is spread over members: <see cref="Client.Sharding.Replicated"/> or rows.</summary>
    public Sharding Sharding => Shards is null ? Sharding.Replicated : Sharding.Rows(Shards.Length);

    /// <summary>The member address of each shard (one entry for a replicated variable), for diagnostics and the demo.</summary>
    public IReadOnlyList<string> Placement =>
        (Shards ?? [this]).Select(s => s.Ref.Host.Path.Address.HasGlobalScope
            ? s.Ref.Host.Path.Address.ToString()
            : ((Akka.Actor.ExtendedActorSystem)Session.Engine.System).Provider.DefaultAddress.ToString()).ToArray();

    /// <summary>The whole value as one node on the first shard's member: built once, on first use.</summary>
    internal Variable Gathered
    {
        get
        {
            lock (_gatherLock)
                return _gathered ??= Session.Gather(this);
        }
    }

    /// <summary>
    /// A step or a load replaced the shards' values: the next use gathers them again, while graphs
    /// built before keep the gather node (and the values) they already read.
    /// </summary>
    internal void ShardsChanged()
    {
        lock (_gatherLock) _gathered = null;
    }

    /// <summary>True when this is shard <paramref name="shard"/> of one of <paramref name="inputs"/>.</summary>
    internal bool IsShardOf(Variable[] inputs, int shard) => inputs.Any(i => i.IsSharded && ReferenceEquals(i.Shards![shard], this));

    private async Task<Tensor> ShardedDataAsync()
    {
        var parts = await Task.WhenAll(Shards!.Select(s => s.DataAsync()));
        return Tensors.Concatenation.Rows(parts, _shape);
    }

    private async Task<Tensor?> ShardedGradAsync()
    {
        var grads = await Task.WhenAll(Shards!.Select(s => s.GradAsync()));
        if (grads.All(g => g is null)) return null;
        // A shard no pass has reached yet contributes zeros, as its gradient would be.
        return Tensors.Concatenation.Rows(grads.Select((g, i) => g ?? Tensor.Zeros(Shards![i].ShapeView)).ToArray(), _shape);
    }

    private Variable ShardedDetach() => new(Session, Shards!.Select(s => s.Detach()).ToArray(), _shape);
}
