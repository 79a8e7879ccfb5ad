namespace Autograd.Client.Graph;

/// <summary>What the client knows of a graph node that backward planning needs.</summary>
internal interface IBackwardNode
{
    /// <summary>The autograd inputs (empty for leaves).</summary>
    IReadOnlyList<IBackwardNode> Inputs { get; }

    /// <summary>Whether a backward pass sends input <paramref name="input"/> a gradient.</summary>
    bool NeedsGrad(int input);

    bool IsLeaf { get; }

    bool RequiresGrad { get; }

    /// <summary>The op keeps tensors for its VJP, which a pass without retainGraph frees.</summary>
    bool SavesTensors { get; }

    /// <summary>A pass without retainGraph went through this node.</summary>
    bool SavedTensorsFreed { get; }

    string Describe();
}
