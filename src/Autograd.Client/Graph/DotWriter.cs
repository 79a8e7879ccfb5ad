using System.Globalization;
using System.Text;

namespace Autograd.Client.Graph;

/// <summary>
/// A graph as Graphviz DOT, as torchviz draws PyTorch's: one box per node (its backward function or
/// "leaf", its op, shape and the member it lives on), an edge from each input to its consumer, leaves
/// that require grad in blue and the variable drawn from in green; the shards of a row-sharded
/// variable are boxed together. Only what the client recorded is drawn: a graph that requires no grad
/// keeps no inputs, as in PyTorch.
/// </summary>
internal static class DotWriter
{
    public static string Write(Variable root)
    {
        var text = new StringBuilder();
        text.AppendLine("digraph autograd {");
        text.AppendLine("  rankdir=BT;");
        text.AppendLine("  node [shape=box, style=filled, fillcolor=white, fontname=\"monospace\", fontsize=10];");
        var names = new Dictionary<Variable, string>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Variable>();
        string NameOf(Variable v)
        {
            if (!names.TryGetValue(v, out var name))
            {
                names.Add(v, name = "n" + names.Count.ToString(CultureInfo.InvariantCulture));
                pending.Push(v);
            }
            return name;
        }

        var roots = root.Nodes.Select(NameOf).ToHashSet();
        if (root.IsSharded)
        {
            text.AppendLine($"  subgraph cluster_root {{ label=\"{root.Sharding}\"; {string.Join(" ", roots)} }}");
        }
        var edges = new List<string>();
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            string name = names[node];
            string color = roots.Contains(name) ? "darkolivegreen1" : node.IsLeaf && node.RequiresGrad ? "lightblue" : "white";
            text.AppendLine($"  {name} [label=\"{Escape(Label(node))}\", fillcolor={color}];");
            foreach (var input in node.RecordedInputs) edges.Add($"  {NameOf(input)} -> {name};");
        }
        foreach (var edge in edges) text.AppendLine(edge);
        text.AppendLine("}");
        return text.ToString();
    }

    private static string Label(Variable node)
    {
        string kind = node.GradFn?.Name ?? (node.RequiresGrad ? "leaf (requires grad)" : "leaf");
        return $"{kind}\n{node.OpName} {Tensor.ShapeText(node.ShapeView)}\n{node.Placement[0]}";
    }

    private static string Escape(string label) => label.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
