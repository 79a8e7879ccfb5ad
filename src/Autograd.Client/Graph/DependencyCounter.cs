using Autograd.Actors;

namespace Autograd.Client.Graph;

/// <summary>The nodes of a backward pass, their dependency counts, and the leaves that will report.</summary>
internal sealed record DependencyCounts(IReadOnlyList<IBackwardNode> Nodes, int[] Counts, IReadOnlyList<IBackwardNode> Leaves);

/// <summary>
/// Plans a backward pass from the graph the client built: walks from the root along edges that
/// carry a gradient (so branches needing none are pruned), counting for each node how many
/// gradients it will receive — one per consuming edge, plus the seed at the root.
/// </summary>
internal static class DependencyCounter
{
    public static DependencyCounts Count(IBackwardNode root)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException("element 0 of tensors does not require grad and does not have a grad_fn");
        var index = new Dictionary<IBackwardNode, int>(ReferenceEqualityComparer.Instance) { [root] = 0 };
        var nodes = new List<IBackwardNode> { root };
        var counts = new List<int> { 1 };  // the seed
        var leaves = new List<IBackwardNode>();
        var stack = new Stack<IBackwardNode>();
        stack.Push(root);
        // Iterative: a define-by-run loop easily builds chains deeper than the call stack.
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.IsLeaf)
            {
                leaves.Add(node);
                continue;
            }
            if (node.SavesTensors && node.SavedTensorsFreed)
                throw new InvalidOperationException($"{Node.SecondBackwardMessage} (at {node.Describe()})");
            var inputs = node.Inputs;
            for (int i = 0; i < inputs.Count; i++)
            {
                if (!node.NeedsGrad(i)) continue;
                var input = inputs[i];
                if (index.TryGetValue(input, out int at))
                {
                    counts[at]++;
                    continue;
                }
                index.Add(input, nodes.Count);
                nodes.Add(input);
                counts.Add(1);
                stack.Push(input);
            }
        }
        return new DependencyCounts(nodes, [.. counts], leaves);
    }
}
