using Autograd.Ops;
using Autograd.Tensors;

namespace Autograd.Client;

// Ops that change a shape, as PyTorch's unsqueeze, squeeze, permute, transpose, expand and flatten.
public sealed partial class Variable
{
    /// <summary>A new dim of size 1 at <paramref name="dim"/>, in [-(rank + 1), rank].</summary>
    public Variable Unsqueeze(int dim) => Session.Apply(new OpSpec("unsqueeze", Dim: dim), this);

    /// <summary>Every dim of size 1 removed.</summary>
    public Variable Squeeze() => Session.Apply(new OpSpec("squeeze"), this);

    /// <summary><paramref name="dim"/> removed if its size is 1; otherwise the same shape.</summary>
    public Variable Squeeze(int dim) => Session.Apply(new OpSpec("squeeze", Dim: dim), this);

    /// <summary>The dims reordered: dim i of the result is dim <c>dims[i]</c> of this.</summary>
    public Variable Permute(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return Session.Apply(new OpSpec("permute", Dims: (int[])dims.Clone()), this);
    }

    /// <summary>Dims <paramref name="dim0"/> and <paramref name="dim1"/> swapped, for any rank (<see cref="T"/> is the 2-D form).</summary>
    public Variable Transpose(int dim0, int dim1) => Session.Apply(new OpSpec("transpose", Dims: [dim0, dim1]), this);

    /// <summary>
    /// Size-1 dims repeated to <paramref name="sizes"/> and new leading dims added; -1 keeps a size. The
    /// gradient sums back over what was repeated.
    /// </summary>
    public Variable Expand(params int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        // A size equal to the existing one is written -1 (the same meaning), so the same sizes fit each
        // row shard of a sharded variable.
        var kept = (int[])sizes.Clone();
        int added = kept.Length - _shape.Length;
        for (int d = Math.Max(added, 0); d < kept.Length; d++)
            if (kept[d] == _shape[d - added]) kept[d] = -1;
        return Session.Apply(new OpSpec("expand", Shape: kept), this);
    }

    /// <summary>
    /// Dims <paramref name="startDim"/> to <paramref name="endDim"/> merged into one (a 0-dimensional variable
    /// becomes [1]); when they are one dim, this variable itself, as PyTorch returns the tensor itself.
    /// </summary>
    public Variable Flatten(int startDim = 0, int endDim = -1)
    {
        int rank = _shape.Length;
        bool sameDim = rank > 0 && startDim >= -rank && startDim < rank && endDim >= -rank && endDim < rank &&
                       Dimensions.Normalize(startDim, rank) == Dimensions.Normalize(endDim, rank);
        return sameDim ? this : Session.Apply(new OpSpec("flatten", Dims: [startDim, endDim]), this);
    }
}
