using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

/// <summary>
/// Every op of the table, built once on replicated inputs and once on row-sharded ones
/// (three shards, so on 1 and 2 members several shards share a member), on embedded clusters
/// of 1, 2 and 3 members: values and gradients agree within float32 rounding.
/// </summary>
public partial class ShardedOpTableTests(EmbeddedClusters clusters) : IClassFixture<EmbeddedClusters>
{
    /// <summary>
    /// The leaves of a case, made twice: replicated, and with <see cref="Rows"/> for the sharded run.
    /// <see cref="Leaf"/> makes more (sharded like X in the sharded run, or always replicated); the
    /// gradients of every leaf that requires grad are compared between the two runs.
    /// </summary>
    public sealed record Inputs(Variable X, Variable Y, Variable W, Variable B, Variable Labels, Variable Full, Variable ReplicatedLabels)
    {
        internal Session Session { get; init; } = null!;
        internal Sharding? Rows { get; init; }
        internal List<(string Name, Variable Leaf)> Extra { get; } = [];

        /// <summary>Another leaf, named for the gradient comparison: row-sharded in the sharded run unless <paramref name="replicated"/>.</summary>
        public Variable Leaf(string name, Tensor value, bool requiresGrad = true, bool replicated = false)
        {
            var leaf = Session.Variable(value, requiresGrad, replicated ? null : Rows);
            Extra.Add((name, leaf));
            return leaf;
        }
    }

    // The families of ops added for real models; each file adds its cases. A case's name starts with the op it covers.
    static partial void AddElementwiseCases(Dictionary<string, Func<Inputs, Variable>> cases);
    static partial void AddReductionCases(Dictionary<string, Func<Inputs, Variable>> cases);
    static partial void AddIndexingCases(Dictionary<string, Func<Inputs, Variable>> cases);
    static partial void AddModelCases(Dictionary<string, Func<Inputs, Variable>> cases);

    private static Dictionary<string, Func<Inputs, Variable>> AllCases()
    {
        var cases = BaseCases();
        AddElementwiseCases(cases);
        AddReductionCases(cases);
        AddIndexingCases(cases);
        AddModelCases(cases);
        return cases;
    }

    /// <summary>Every case, by name (the name starts with the op-table op it covers).</summary>
    public static IReadOnlyDictionary<string, Func<Inputs, Variable>> Cases { get; } = AllCases();

    // X, Y: [6, 4] positive (log, sqrt, pow stay defined); W: [4, 3]; B: [4]; Labels: class indices of [6, 3] logits.
    private static Dictionary<string, Func<Inputs, Variable>> BaseCases() => new()
    {
        ["neg"] = i => -i.X,
        ["pow"] = i => i.X.Pow(3f),
        ["exp"] = i => i.X.Exp(),
        ["log"] = i => i.X.Log(),
        ["sqrt"] = i => i.X.Sqrt(),
        ["tanh"] = i => i.X.Tanh(),
        ["sigmoid"] = i => i.X.Sigmoid(),
        ["relu"] = i => (i.X - 1f).Relu(),
        ["add_scalar"] = i => i.X + 2f,
        ["sub_scalar"] = i => i.X - 2f,
        ["rsub_scalar"] = i => 2f - i.X,
        ["mul_scalar"] = i => i.X * 3f,
        ["div_scalar"] = i => i.X / 3f,
        ["rdiv_scalar"] = i => 3f / i.X,
        ["add sharded+sharded"] = i => i.X + i.Y,
        ["sub sharded-sharded"] = i => i.X - i.Y,
        ["mul sharded*sharded"] = i => i.X * i.Y,
        ["div sharded/sharded"] = i => i.X / i.Y,
        ["add sharded+broadcast row"] = i => i.X + i.B,
        ["mul broadcast row*sharded"] = i => i.B * i.X,
        ["div sharded/broadcast row"] = i => i.X / i.B,
        ["sub broadcast row-sharded"] = i => i.B - i.X,
        ["sum"] = i => i.X.Sum(),
        ["mean"] = i => i.X.Mean(),
        ["sum dim 0"] = i => i.X.Sum(0),
        ["sum dim 1"] = i => i.X.Sum(1),
        ["mean dim 0 keepdim"] = i => i.X.Mean(0, keepDim: true),
        ["mean dim -1"] = i => i.X.Mean(-1),
        ["matmul sharded@replicated"] = i => i.X.MatMul(i.W),
        ["linear sharded·Wᵀ+b"] = i => i.X.Linear(i.W.MatMul(i.W.T()), i.B),
        ["linear sharded·Wᵀ"] = i => i.X.Linear(i.W.T()),
        ["matmul replicated@sharded (gathers)"] = i => i.W.T().MatMul(i.X.T()),
        ["transpose (gathers)"] = i => i.X.T(),
        ["reshape (gathers)"] = i => i.X.Reshape(4, 6),
        ["reshape keeping the rows"] = i => i.X.Reshape(6, 2, 2) * i.B.Reshape(2, 2),
        ["softmax dim 1"] = i => i.X.Softmax(1),
        ["log_softmax dim -1"] = i => i.X.LogSoftmax(-1),
        ["softmax dim 0 (gathers)"] = i => i.X.Softmax(0),
        ["mse_loss"] = i => i.X.MseLoss(i.Y),
        ["cross_entropy"] = i => i.X.MatMul(i.W).CrossEntropy(i.Labels),
        ["mlp step"] = i => (i.X.MatMul(i.W).Tanh() + 1f).LogSoftmax(1).Mean(),
        ["gather (sum of gathered)"] = i => (i.X.T().T() * i.Y).Sum(),
        ["add sharded+replicated of full rows (gathers)"] = i => i.X + i.Full,
        ["cross_entropy with replicated labels (gathers)"] = i => i.X.MatMul(i.W).CrossEntropy(i.ReplicatedLabels),
        ["mse_loss against replicated target (gathers)"] = i => i.X.MseLoss(i.Full),
    };

    public static IEnumerable<object[]> CasesOnMembers() =>
        from members in new[] { 1, 2, 3 } from name in Cases.Keys select new object[] { name, members };

    [Theory]
    [MemberData(nameof(CasesOnMembers))]
    public async Task A_sharded_op_gives_the_values_and_gradients_of_the_unsharded_one(string name, int members)
    {
        var engine = await clusters.WithMembers(members);
        await using var session = engine.NewSession();
        var plain = Make(session, null);
        var sharded = Make(session, Sharding.Rows(3));

        var expected = Cases[name](plain);
        var actual = Cases[name](sharded);

        AssertClose($"{name}: value", await expected.DataAsync(), await actual.DataAsync());
        Assert.Equal(expected.RequiresGrad, actual.RequiresGrad);
        if (!expected.RequiresGrad) return;   // masks, indices: nothing to backpropagate
        await expected.Pow(2f).Sum().BackwardAsync();
        await actual.Pow(2f).Sum().BackwardAsync();
        var leaves = new[]
            {
                ("X", plain.X, sharded.X), ("Y", plain.Y, sharded.Y), ("W", plain.W, sharded.W), ("B", plain.B, sharded.B),
                ("Full", plain.Full, sharded.Full),
            }
            .Concat(plain.Extra.Zip(sharded.Extra, (p, s) => (p.Name, p.Leaf, s.Leaf)));
        foreach (var (leaf, plainLeaf, shardedLeaf) in leaves)
        {
            var want = await plainLeaf.GradAsync();
            var got = await shardedLeaf.GradAsync();
            Assert.True((want is null) == (got is null), $"{name}: grad of {leaf} present in one run only");
            if (want is not null) AssertClose($"{name}: grad of {leaf}", want, got!);
        }
    }

    [Fact]
    public async Task Shard_i_lives_on_member_i_mod_M()
    {
        var engine = await clusters.WithMembers(2);
        await using var session = engine.NewSession();
        var x = session.Variable(Tensor.Ones(6, 2), sharding: Sharding.Rows(3));

        var placement = x.Placement;

        Assert.Equal(3, placement.Count);
        Assert.Equal(placement[0], placement[2]);
        Assert.NotEqual(placement[0], placement[1]);
    }

    [Fact]
    public async Task Elementwise_matmul_and_row_wise_results_stay_sharded_while_reductions_and_transposes_are_replicated()
    {
        var engine = await clusters.WithMembers(3);
        await using var session = engine.NewSession();
        var i = Make(session, Sharding.Rows(3));

        Assert.Equal(Sharding.Rows(3), (i.X * i.Y + i.B).Tanh().Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.MatMul(i.W).Softmax(1).Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.Sum(1).Sharding);
        Assert.Equal(Sharding.Replicated, i.X.Sum(0).Sharding);
        Assert.Equal(Sharding.Replicated, i.X.T().Sharding);
        Assert.Equal(Sharding.Replicated, i.X.MatMul(i.W).CrossEntropy(i.Labels).Sharding);
    }

    [Fact]
    public async Task Printing_a_sharded_variable_names_its_sharding_and_builds_nothing()
    {
        var engine = await clusters.WithMembers(2);
        await using var session = engine.NewSession();
        var x = session.Variable(Tensor.Ones(4, 2), requiresGrad: true, sharding: Sharding.Rows(2));
        var nodesBefore = (await engine.HostStatsAsync()).Sum(s => s.Nodes);

        Assert.Equal("Variable(Rows(2), shape [4, 2], requires_grad)", x.ToString());

        Assert.Equal(nodesBefore, (await engine.HostStatsAsync()).Sum(s => s.Nodes));
    }

    private static Inputs Make(Session s, Sharding? rows)
    {
        var x = Tensor.RandomUniform(1, 0.5f, 2f, 6, 4);
        var y = Tensor.RandomUniform(2, 0.5f, 2f, 6, 4);
        var w = Tensor.RandomUniform(3, -1f, 1f, 4, 3);
        var b = Tensor.RandomUniform(4, 0.5f, 2f, 4);
        var labels = Tensor.FromArray([0f, 2f, 1f, 1f, 0f, 2f], 6);
        return new Inputs(
            s.Variable(x, requiresGrad: true, sharding: rows),
            s.Variable(y, requiresGrad: true, sharding: rows),
            s.Variable(w, requiresGrad: true),
            s.Variable(b, requiresGrad: true),
            s.Variable(labels, sharding: rows),
            s.Variable(Tensor.RandomUniform(5, -1f, 1f, 6, 4), requiresGrad: true),
            s.Variable(labels)) { Session = s, Rows = rows };
    }

    private static void AssertClose(string what, Tensor expected, Tensor actual)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape {Tensor.ShapeText(actual.Shape)}, expected {Tensor.ShapeText(expected.Shape)}");
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(MathF.Abs(e[i] - a[i]) <= 1e-5f + 1e-4f * MathF.Abs(e[i]),
                $"{what}: element {i} is {a[i]}, expected {e[i]}");
    }
}
