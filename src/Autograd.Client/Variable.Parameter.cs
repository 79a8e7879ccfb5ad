using Autograd.Client.Cluster;
using Autograd.Protocol;

namespace Autograd.Client;

// A variable as a parameter (a leaf that requires grad): its nodes, which hold its value, grad and
// optimizer state on their members, and the requests that read or replace them.
public sealed partial class Variable
{
    /// <summary>The nodes that hold this variable: its shards, or itself.</summary>
    internal IReadOnlyList<Variable> Nodes => Shards ?? [this];

    internal bool IsParameter => IsLeaf && RequiresGrad;

    /// <summary>Replaces a leaf's value on its members (each shard its rows), like PyTorch's <c>copy_</c> under no_grad.</summary>
    internal async Task AssignAsync(Tensor value)
    {
        if (!IsLeaf) throw new InvalidOperationException($"only a leaf's value can be replaced; {this} was computed by {OpName}");
        if (!value.Dims.SequenceEqual(_shape))
            throw new ArgumentException($"a value of shape {Tensor.ShapeText(value.Dims)} cannot replace one of shape {Tensor.ShapeText(_shape)}");
        var parts = IsSharded ? RowBlocks.Split(value, Shards!.Select(s => s.ShapeView[0]).ToArray()) : [value];
        await Task.WhenAll(Nodes.Select((node, i) => node.RequestAsync(r => new AssignValue(node.Id, r, parts[i]), "AssignValue")));
        if (IsSharded) ShardsChanged();
    }

    /// <summary>Copies of the optimizer state of a parameter, by name (<c>exp_avg</c>, <c>step</c>...); shards' buffers joined by rows.</summary>
    internal async Task<IReadOnlyDictionary<string, Tensor>> OptimizerStateAsync()
    {
        var states = await Task.WhenAll(Nodes.Select(async node =>
            (ParameterStateValue)await node.RequestAsync(r => new GetParameterState(node.Id, r), "GetParameterState")));
        var joined = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        for (int n = 0; n < states[0].Names.Length; n++)
        {
            var name = states[0].Names[n];
            var parts = states.Select(s => s.Tensors[Array.IndexOf(s.Names, name)]).ToArray();
            // a buffer has the parameter's shape (rows split over shards); the step count is one scalar, the same on every shard
            joined[name] = parts[0].Rank == 0 ? parts[0] : Tensors.Concatenation.Rows(parts, _shape);
        }
        return joined;
    }

    /// <summary>Replaces the optimizer state of a parameter (empty: none, as before its first step).</summary>
    internal async Task SetOptimizerStateAsync(IReadOnlyDictionary<string, Tensor> state)
    {
        var names = state.Keys.ToArray();
        var perNode = Nodes.Select(_ => new Tensor[names.Length]).ToArray();
        for (int n = 0; n < names.Length; n++)
        {
            var tensor = state[names[n]];
            var parts = IsSharded && tensor.Rank > 0 ? RowBlocks.Split(tensor, Shards!.Select(s => s.ShapeView[0]).ToArray()) : null;
            for (int i = 0; i < perNode.Length; i++) perNode[i][n] = parts?[i] ?? tensor;
        }
        await Task.WhenAll(Nodes.Select((node, i) =>
            node.RequestAsync(r => new SetParameterState(node.Id, r, names, perNode[i]), "SetParameterState")));
    }
}
