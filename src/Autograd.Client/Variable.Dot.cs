using Autograd.Client.Graph;

namespace Autograd.Client;

// Looking at a graph, as torchviz gives PyTorch users.
public sealed partial class Variable
{
    /// <summary>
    /// The graph that computed this variable as Graphviz DOT (render with <c>dot -Tpng</c>): op
    /// names, shapes, and the member each node or shard lives on. Nothing is read from the members.
    /// </summary>
    public string ToDot() => DotWriter.Write(this);

    /// <summary>The inputs the client recorded for this node (those of a graph that requires grad).</summary>
    internal IReadOnlyList<Variable> RecordedInputs => _inputs;
}
