using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

// The model ops of issue 10, sharded along dim 0 (the batch): batched matmul, layer norm, dropout,
// and softmax, log_softmax and cross entropy over more than two dims; each op's gather-first case too.
public partial class ShardedOpTableTests
{
    static partial void AddModelCases(Dictionary<string, Func<Inputs, Variable>> cases)
    {
        // batched matmul: per shard when the batch (dim 0) is what is sharded
        cases["matmul batched sharded@replicated matrix"] = i => Batch(i, "A", 6, 2, 4).MatMul(i.W);
        cases["matmul batched sharded@sharded"] = i => Batch(i, "A", 6, 2, 4).MatMul(Batch(i, "Bt", 6, 4, 3));
        cases["matmul batched sharded@replicated broadcast batch"] = i =>
            Batch(i, "A", 6, 1, 2, 4).MatMul(i.Leaf("R", Tensor.RandomNormal(21, 3, 4, 2), replicated: true));
        cases["matmul replicated matrix@batched sharded"] = i => i.W.T().MatMul(Batch(i, "Bt", 6, 4, 2));
        cases["matmul batched sharded@replicated vector"] = i => Batch(i, "A", 6, 2, 4).MatMul(i.B);
        cases["matmul sharded matrix@replicated vector"] = i => i.X.MatMul(i.B);
        cases["matmul batched sharded@replicated batch (gathers)"] = i =>
            Batch(i, "A", 6, 2, 4).MatMul(i.Leaf("R", Tensor.RandomNormal(22, 6, 4, 3), replicated: true));

        // layer norm over trailing dims: per shard, weight and bias broadcast to every shard
        cases["layer_norm over the last dim, weight and bias"] = i =>
            i.X.LayerNorm([4], i.Leaf("Gamma", Tensor.RandomUniform(23, 0.5f, 2f, 4), replicated: true), i.B);
        cases["layer_norm over two trailing dims"] = i => Batch(i, "A", 6, 2, 3).LayerNorm([2, 3]);
        cases["layer_norm bias only"] = i => i.X.LayerNorm([4], bias: i.B);
        cases["layer_norm over every dim (gathers)"] = i => i.X.LayerNorm([6, 4]);

        // dropout: each shard draws its rows of the whole tensor's mask, so equal seeds give equal results
        cases["dropout p=0.5"] = i => Seeded(i, 17).X.Dropout(0.5f, training: true);
        cases["dropout p=0.3 of a 3-D batch"] = i => Batch(Seeded(i, 18), "A", 6, 2, 3).Dropout(0.3f, training: true);
        cases["dropout p=1"] = i => Seeded(i, 19).X.Dropout(1f, training: true);

        // softmax and log_softmax over rank >= 3: per shard along any dim but 0
        cases["softmax 3-D dim 1"] = i => Batch(i, "A", 6, 3, 2).Softmax(1);
        cases["softmax 4-D dim -1"] = i => Batch(i, "A", 6, 2, 2, 3).Softmax(-1);
        cases["log_softmax 4-D dim 2"] = i => Batch(i, "A", 6, 2, 3, 2).LogSoftmax(2);
        cases["log_softmax 3-D dim 0 (gathers)"] = i => Batch(i, "A", 6, 3, 2).LogSoftmax(0);

        // cross entropy of [N, C, d1] logits against [N, d1] labels: a row-weighted mean of the shards' losses
        cases["cross_entropy [N, C, d] against [N, d]"] = i => Batch(i, "A", 6, 3, 2).CrossEntropy(SpatialLabels(i, replicated: false));
        cases["cross_entropy [N, C, d] against replicated labels (gathers)"] = i =>
            Batch(i, "A", 6, 3, 2).CrossEntropy(SpatialLabels(i, replicated: true));
    }

    [Fact]
    public async Task Batched_matmul_layer_norm_dropout_softmax_and_cross_entropy_take_their_per_shard_rules()
    {
        var engine = await clusters.WithMembers(3);
        await using var session = engine.NewSession();
        var i = Make(session, Sharding.Rows(3));
        var a = Batch(i, "A", 6, 2, 4);

        Assert.Equal(Sharding.Rows(3), a.MatMul(i.W).Sharding);
        Assert.Equal(Sharding.Rows(3), a.MatMul(Batch(i, "Bt", 6, 4, 3)).Sharding);
        Assert.Equal(Sharding.Rows(3), i.W.T().MatMul(Batch(i, "Bt", 6, 4, 3)).Sharding);
        Assert.Equal(Sharding.Rows(3), a.LayerNorm([2, 4], bias: i.Leaf("Beta", Tensor.Zeros(2, 4), replicated: true)).Sharding);
        Assert.Equal(Sharding.Rows(3), a.Dropout(0.5f, training: true).Sharding);
        Assert.Equal(Sharding.Rows(3), a.Softmax(2).Sharding);
        Assert.Equal("sum_partials", Batch(i, "L", 6, 3, 2).CrossEntropy(SpatialLabels(i, replicated: false)).Op?.Name);

        Assert.Equal(Sharding.Replicated, a.MatMul(i.Leaf("R", Tensor.Ones(6, 4, 3), replicated: true)).Sharding);
        Assert.Equal(Sharding.Replicated, a.LayerNorm([6, 2, 4]).Sharding);
        Assert.Equal(Sharding.Replicated, a.Softmax(0).Sharding);
        Assert.Equal("cross_entropy", Batch(i, "L", 6, 3, 2).CrossEntropy(SpatialLabels(i, replicated: true)).Op?.Name);
    }

    /// <summary>A leaf of <paramref name="shape"/> requiring grad, sharded like X in the sharded run.</summary>
    private static Variable Batch(Inputs i, string name, params int[] shape) =>
        i.Leaf(name, Tensor.RandomNormal(name.Aggregate(31, (h, c) => h * 7 + c), shape));

    /// <summary>The same session seed in both runs, so both draw the same dropout mask.</summary>
    private static Inputs Seeded(Inputs i, int seed)
    {
        i.Session.ManualSeed(seed);
        return i;
    }

    /// <summary>Class indices in [0, 3) of [6, 2] labels.</summary>
    private static Variable SpatialLabels(Inputs i, bool replicated) =>
        i.Leaf("SpatialLabels", Tensor.FromArray([0f, 2f, 1f, 1f, 2f, 0f, 1f, 2f, 0f, 0f, 2f, 1f], 6, 2), requiresGrad: false, replicated);
}
