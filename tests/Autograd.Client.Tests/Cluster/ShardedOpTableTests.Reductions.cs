using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

// The reductions of issue 10: per shard along dims other than 0; over dim 0 or everything, partials
// (values and indices together for max and min; count, mean and M2 for var and std) joined on the
// first shard's member. Ties across shards and uneven shards check which index wins and the offsets.
public partial class ShardedOpTableTests
{
    static partial void AddReductionCases(Dictionary<string, Func<Inputs, Variable>> cases)
    {
        // small integers: the maximum 3 and the minimum -2 appear in several shards
        static Tensor Ties(int rows) => Tensor.FromArray(
            Enumerable.Range(0, rows * 3).Select(k => (float)(k * 7 % 6 - 2)).ToArray(), rows, 3);

        cases["max"] = i => i.X.Max();
        cases["max dim 0"] = i => i.X.Max(0).Values;
        cases["max dim -2 keepdim"] = i => i.X.Max(-2, keepDim: true).Values;
        cases["max dim 1"] = i => i.X.Max(1).Values;
        cases["max with ties across shards"] = i => i.Leaf("T", Ties(6)).Max();
        cases["max dim 0 with ties across uneven shards"] = i => i.Leaf("T", Ties(7)).Max(0).Values;
        cases["min"] = i => i.X.Min();
        cases["min dim 0 keepdim"] = i => i.X.Min(0, keepDim: true).Values;
        cases["min dim -1"] = i => i.X.Min(-1).Values;
        cases["min with ties across shards"] = i => i.Leaf("T", Ties(6)).Min();
        cases["argmax dim 0"] = i => i.X.ArgMax(0);
        cases["argmax dim 0 with ties across uneven shards"] = i => i.Leaf("T", Ties(7)).ArgMax(0);
        cases["argmax dim 1 keepdim"] = i => i.X.ArgMax(1, keepDim: true);
        cases["argmin dim 0 keepdim with ties across uneven shards"] = i => i.Leaf("T", Ties(8)).ArgMin(0, keepDim: true);
        cases["argmin dim -1"] = i => i.X.ArgMin(-1);
        cases["max dim 0 indices with ties"] = i => i.Leaf("T", Ties(7)).Max(0).Indices;

        cases["var"] = i => i.X.Var();
        cases["var dim 0"] = i => i.X.Var(0);
        cases["var dim 0 biased keepdim"] = i => i.X.Var(0, unbiased: false, keepDim: true);
        cases["var dim 1 keepdim"] = i => i.X.Var(1, keepDim: true);
        cases["var far from zero over uneven shards"] = i => i.Leaf("F", Tensor.RandomUniform(9, 1000f, 1001f, 7, 3)).Var(0);
        cases["std"] = i => i.X.Std(unbiased: false);
        cases["std dim -2"] = i => i.X.Std(-2);
        cases["std dim 1"] = i => i.X.Std(1, unbiased: false);

        cases["sum dims [0, 1]"] = i => i.X.Sum([0, 1]);
        cases["sum dims [] keepdim"] = i => i.X.Sum([], keepDim: true);
        cases["sum dims [-1]"] = i => i.X.Sum([-1]);
        cases["mean dims [-1, 0] keepdim"] = i => i.X.Mean([-1, 0], keepDim: true);
        cases["mean dims [1] of a 3-d tensor"] = i => i.Leaf("C", Tensor.RandomUniform(8, -1f, 1f, 5, 2, 3)).Mean([1, 2]);
        // no reduction here gathers for shapes Rows(k) can make; this one reduces what a transpose gathered
        cases["max dim 1 of a transposed sharded tensor (gathers)"] = i => i.X.T().Max(1).Values;
        cases["mean dims [0, 2] of a 3-d tensor"] = i => i.Leaf("C", Tensor.RandomUniform(8, -1f, 1f, 5, 2, 3)).Mean([0, 2]);
    }

    public static TheoryData<string, string[]> RowReductions() => new()
    {
        { "max dim 0", ["max_partials", "max_partial"] },
        { "min", ["min_partials", "min_partial"] },
        { "var dim 0", ["var_partials", "moments"] },
        { "std", ["std_partials", "moments"] },
        { "sum dims [0, 1]", ["sum_partials", "sum"] },
    };

    [Theory]
    [MemberData(nameof(RowReductions))]
    public async Task A_reduction_over_rows_joins_each_shards_partial_and_gathers_no_shard(string name, string[] ops)
    {
        var engine = await clusters.WithMembers(3);
        await using var session = engine.NewSession();

        var result = Cases[name](Make(session, Sharding.Rows(3)));

        var built = OpsBehind(result).ToList();
        Assert.DoesNotContain("gather", built);
        Assert.Equal(ops[0], built[0]);
        Assert.Equal(3, built.Count(op => op == ops[1]));
    }

    [Fact]
    public async Task Reductions_along_other_dims_stay_sharded()
    {
        var engine = await clusters.WithMembers(3);
        await using var session = engine.NewSession();
        var i = Make(session, Sharding.Rows(3));

        Assert.Equal(Sharding.Rows(3), i.X.Max(1).Values.Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.ArgMin(-1, keepDim: true).Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.Std(1).Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.Mean([-1], keepDim: true).Sharding);
        Assert.Equal(Sharding.Replicated, i.X.ArgMax(0).Sharding);
    }

    /// <summary>The ops of the graph behind a variable that requires grad, from the variable back to its leaves.</summary>
    private static IEnumerable<string> OpsBehind(Variable variable)
    {
        var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<Variable>([variable]);
        while (queue.TryDequeue(out var node))
        {
            if (!seen.Add(node) || node.IsLeaf) continue;
            yield return node.OpName;
            foreach (var input in ((Graph.IBackwardNode)node).Inputs.OfType<Variable>()) queue.Enqueue(input);
        }
    }
}
