using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

// The indexing, joining and shape ops: along dims other than 0 per shard, everything else gathered first.
public partial class ShardedOpTableTests
{
    static partial void AddIndexingCases(Dictionary<string, Func<Inputs, Variable>> cases)
    {
        cases["narrow dim 1"] = i => i.X.Narrow(1, 1, 2);
        cases["narrow dim 0 (gathers)"] = i => i.X.Narrow(0, 1, 4);
        cases["narrow by the indexer x[.., 1..3]"] = i => i.X[.., 1..3];
        cases["select dim -1"] = i => i.X.Select(-1, 2);
        cases["select dim 0 (gathers)"] = i => i.X.Select(0, -2);
        cases["select by the indexer x[^1] (gathers)"] = i => i.X[^1];
        cases["index_select dim 1 by replicated indices"] = i =>
            i.X.IndexSelect(1, i.Leaf("index", Tensor.FromArray([3f, 0f, 3f], 3), requiresGrad: false, replicated: true));
        cases["index_select dim 0 of a replicated table by sharded indices"] = i => i.Full.IndexSelect(0, i.Labels);
        cases["index_select dim 0 of sharded rows (gathers)"] = i => i.X.IndexSelect(0, i.ReplicatedLabels);
        cases["cat dim 1"] = i => Variable.Cat([i.X, i.Y, i.X], 1);
        cases["cat dim 0 (gathers)"] = i => Variable.Cat([i.X, i.Y], 0);
        cases["cat dim 1 with a replicated part (gathers)"] = i => Variable.Cat([i.X, i.Full], 1);
        cases["stack dim 1"] = i => Variable.Stack([i.X, i.Y], 1);
        cases["stack dim -1"] = i => Variable.Stack([i.X, i.Y], -1);
        cases["stack dim 0 (gathers)"] = i => Variable.Stack([i.X, i.Y]);
        cases["unsqueeze dim 1"] = i => i.X.Unsqueeze(1);
        cases["unsqueeze dim 0 (gathers)"] = i => i.X.Unsqueeze(0);
        cases["squeeze all"] = i => i.X.Unsqueeze(-1).Squeeze();
        cases["squeeze dim 2"] = i => i.X.Unsqueeze(2).Squeeze(2);
        cases["squeeze all with one-row shards (gathers)"] = i => OneRowShards(i).Squeeze();
        cases["squeeze dim 0 (gathers)"] = i => OneRowShards(i).Squeeze(0);
        cases["permute keeping dim 0"] = i => i.X.Unsqueeze(2).Expand(6, 4, 3).Permute(0, 2, 1);
        cases["permute moving dim 0 (gathers)"] = i => i.X.Permute(1, 0);
        cases["transpose dims 1,2"] = i => i.X.Unsqueeze(1).Transpose(1, -1);
        cases["transpose dims 0,1 (gathers)"] = i => i.X.Transpose(0, 1);
        cases["expand behind the rows"] = i => i.X.Unsqueeze(2).Expand(6, 4, 3);
        cases["expand with a new leading dim (gathers)"] = i => i.X.Expand(2, 6, 4);
        cases["flatten from dim 1"] = i => i.X.Unsqueeze(2).Expand(-1, -1, 2).Flatten(1);
        cases["flatten all (shards keep their rows' elements)"] = i => i.X.Flatten();
    }

    // [4, 1, 3] in Rows(3) is blocks of 2, 1 and 1 rows: a one-row shard would lose its row dim on its own.
    private static Variable OneRowShards(Inputs i) => i.Leaf("Z", Tensor.RandomUniform(6, 0.5f, 2f, 4, 1, 3));

    [Fact]
    public async Task Indexing_and_shape_ops_that_keep_the_rows_stay_sharded_while_the_others_gather()
    {
        var engine = await clusters.WithMembers(3);
        await using var session = engine.NewSession();
        var i = Make(session, Sharding.Rows(3));
        var index = session.Variable(Tensor.FromArray([1f, 0f], 2));

        Assert.All(new[]
        {
            i.X.Narrow(1, 0, 2), i.X.Select(1, 0), i.X.IndexSelect(1, index), i.W.IndexSelect(0, i.Labels), Variable.Cat([i.X, i.Y], 1),
            Variable.Stack([i.X, i.Y], 2), i.X.Unsqueeze(1), i.X.Unsqueeze(1).Squeeze(), i.X.Unsqueeze(2).Permute(0, 2, 1),
            i.X.Unsqueeze(2).Transpose(1, 2), i.X.Unsqueeze(2).Expand(6, 4, 5), i.X.Flatten(), i.X[.., 1..],
        }, v => Assert.Equal(Sharding.Rows(3), v.Sharding));
        Assert.All(new[]
        {
            i.X.Narrow(0, 0, 2), i.X.Select(0, 0), i.X.IndexSelect(0, index), Variable.Cat([i.X, i.Y]), Variable.Stack([i.X, i.Y]),
            i.X.Unsqueeze(0), i.X.Permute(1, 0), i.X.Transpose(0, 1), i.X.Expand(1, 6, 4), i.X[1..], OneRowShards(i).Squeeze(),
        }, v => Assert.Equal(Sharding.Replicated, v.Sharding));
    }
}
