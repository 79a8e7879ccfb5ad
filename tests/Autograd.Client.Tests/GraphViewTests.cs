namespace Autograd.Client.Tests;

/// <summary>Looking at a graph: PyTorch's <c>grad_fn.next_functions</c>, and the graph as Graphviz DOT (torchviz's picture).</summary>
[Collection(EngineCollection.Name)]
public sealed class GraphViewTests(EngineFixture fixture)
{
    [Fact]
    public async Task NextFunctions_lead_to_each_inputs_backward_and_to_AccumulateGrad_at_leaves_as_in_PyTorch()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(2, 3), requiresGrad: true);
        var y = s.Variable(Tensor.Ones(2, 3), requiresGrad: true);
        var c = s.Variable(Tensor.Ones(2, 3));

        var z = (x * y).Exp() + c;

        var add = z.GradFn!;
        Assert.Equal("AddBackward", add.Name);
        Assert.Equal(2, add.NextFunctions.Count);
        var (exp, expInput) = add.NextFunctions[0];
        Assert.Equal(("ExpBackward", 0), (exp!.Name, expInput));
        Assert.Equal((null, 0), add.NextFunctions[1]);   // c needs no gradient: PyTorch's (None, 0)
        var mul = exp.NextFunctions.Single().Function!;
        Assert.Equal("MulBackward", mul.Name);
        var (ax, ay) = (mul.NextFunctions[0].Function!, mul.NextFunctions[1].Function!);
        Assert.Equal(["AccumulateGrad", "AccumulateGrad"], new[] { ax.Name, ay.Name });
        Assert.Same(x, ax.Variable);
        Assert.Same(y, ay.Variable);
        Assert.Empty(ax.NextFunctions);
        Assert.Equal("<AccumulateGrad>", ax.ToString());
        Assert.Same(ax, (x * 2f).GradFn!.NextFunctions[0].Function);   // one AccumulateGrad per leaf
    }

    [Fact]
    public async Task ToDot_draws_every_node_with_its_op_shape_and_member_and_an_edge_per_input()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(2, 3), requiresGrad: true);
        var w = s.Variable(Tensor.Ones(3, 4), requiresGrad: true);

        var dot = x.MatMul(w).Relu().Sum().ToDot();

        Assert.StartsWith("digraph autograd {", dot);
        Assert.Contains("SumBackward\\nsum []", dot);
        Assert.Contains("ReluBackward\\nrelu [2, 4]", dot);
        Assert.Contains("MmBackward\\nmatmul [2, 4]", dot);
        Assert.Contains("leaf (requires grad)\\nleaf [3, 4]", dot);
        Assert.Equal(4, dot.Split('\n').Count(line => line.Contains("->")));
        Assert.Contains(x.Placement[0], dot);
        Assert.Contains("fillcolor=lightblue", dot);
        Assert.Contains("fillcolor=darkolivegreen1", dot);
    }

    [Fact]
    public async Task ToDot_boxes_the_shards_of_a_row_sharded_variable_together()
    {
        await using var s = fixture.Engine.NewSession();
        var x = s.Variable(Tensor.Ones(6, 2), requiresGrad: true, sharding: Sharding.Rows(3));

        var dot = (x * 2f).ToDot();

        Assert.Contains("subgraph cluster_root { label=\"Rows(3)\"", dot);
        Assert.Equal(3, dot.Split('\n').Count(line => line.Contains("MulBackward\\nmul_scalar [2, 2]")));
        Assert.Equal(3, dot.Split('\n').Count(line => line.Contains("->")));
    }
}
