using Autograd.Client.Graph;

namespace Autograd.Client.Tests;

public sealed class DependencyCounterTests
{
    private sealed class FakeNode(string name, bool requiresGrad, bool savesTensors = true, params (FakeNode Node, bool NeedsGrad)[] inputs)
        : IBackwardNode
    {
        public IReadOnlyList<IBackwardNode> Inputs { get; } = inputs.Select(i => (IBackwardNode)i.Node).ToArray();
        public bool NeedsGrad(int input) => inputs[input].NeedsGrad;
        public bool IsLeaf => inputs.Length == 0;
        public bool RequiresGrad => requiresGrad;
        public bool SavesTensors => savesTensors;
        public bool SavedTensorsFreed { get; set; }
        public string Describe() => name;
        public override string ToString() => name;
    }

    private static FakeNode Leaf(string name, bool requiresGrad = true) => new(name, requiresGrad);

    private static FakeNode Op(string name, params FakeNode[] inputs) =>
        new(name, inputs.Any(i => i.RequiresGrad), true, inputs.Select(i => (i, i.RequiresGrad)).ToArray());

    private static Dictionary<string, int> CountsByName(DependencyCounts counts) =>
        counts.Nodes.Select((n, i) => (n.Describe(), counts.Counts[i])).ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void The_root_counts_its_seed_and_a_chain_counts_one_per_node()
    {
        var x = Leaf("x");
        var a = Op("a", x);
        var b = Op("b", a);
        var counts = DependencyCounter.Count(b);
        Assert.Equal(new Dictionary<string, int> { ["b"] = 1, ["a"] = 1, ["x"] = 1 }, CountsByName(counts));
        Assert.Equal([x], counts.Leaves);
    }

    [Fact]
    public void A_value_used_twice_by_one_op_expects_two_gradients()
    {
        var x = Leaf("x");
        var square = Op("square", x, x);
        Assert.Equal(2, CountsByName(DependencyCounter.Count(square))["x"]);
    }

    [Fact]
    public void A_diamond_counts_each_consuming_edge_once()
    {
        var x = Leaf("x");
        var a = Op("a", x);
        var b = Op("b", x);
        var top = Op("top", a, b);
        var counts = CountsByName(DependencyCounter.Count(top));
        Assert.Equal(2, counts["x"]);
        Assert.Equal(1, counts["a"]);
        Assert.Equal(1, counts["b"]);
    }

    [Fact]
    public void Branches_that_need_no_gradient_and_consumers_outside_the_pass_are_pruned()
    {
        var x = Leaf("x");
        var constant = Leaf("c", requiresGrad: false);
        var y = Op("y", x, constant);
        var elsewhere = Op("elsewhere", y);  // consumes y but is not on the path from the root
        var root = Op("root", y);
        var counts = DependencyCounter.Count(root);
        var byName = CountsByName(counts);
        Assert.False(byName.ContainsKey("c"));
        Assert.False(byName.ContainsKey("elsewhere"));
        Assert.Equal(1, byName["y"]);
        Assert.Equal([x], counts.Leaves);
        Assert.NotNull(elsewhere);
    }

    [Fact]
    public void A_deep_chain_does_not_overflow_the_stack()
    {
        var node = Leaf("x");
        for (int i = 0; i < 100_000; i++) node = Op($"n{i}", node);
        Assert.Equal(100_001, DependencyCounter.Count(node).Nodes.Count);
    }

    [Fact]
    public void A_node_whose_saved_tensors_were_freed_refuses_a_new_pass()
    {
        var x = Leaf("x");
        var y = Op("y", x);
        y.SavedTensorsFreed = true;
        var e = Assert.Throws<InvalidOperationException>(() => DependencyCounter.Count(Op("z", y)));
        Assert.Contains("backward through the graph a second time", e.Message);
        Assert.Contains("y", e.Message);
    }

    [Fact]
    public void A_root_that_does_not_require_grad_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => DependencyCounter.Count(Leaf("c", requiresGrad: false)));
        Assert.Contains("does not require grad", e.Message);
    }
}
