using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// max and min: of every element (Dim null, shape []) or the values along Dim (KeepDim keeps it as
/// size 1; the indices are argmax/argmin, a node of their own). The VJP of the values along a dim
/// sends each gradient to the first index that holds the extreme, as PyTorch's CPU kernel picks; the
/// VJP of the full extreme splits the gradient evenly among the ties, as PyTorch 1.13.
/// </summary>
public abstract class ExtremumOp(OpSpec spec) : Op(spec)
{
    /// <summary>True for max, false for min.</summary>
    protected abstract bool Largest { get; }

    public sealed override int Arity => 1;

    public sealed override int[] InferShape(IReadOnlyList<int[]> inputShapes) => ReducedShape(Spec, inputShapes[0]);

    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        if (Spec.Dim is not int dim) return Tensor.Scalar(x.Span[Reductions.IndexOfExtremum(x.Span, Largest)]);
        int d = Dimensions.Normalize(dim, x.Dims, Name);
        var (values, _) = Reductions.Extremum(x, d, Largest);
        return Tensor.Wrap(values, Dimensions.Reduced(x.Dims, d, Spec.KeepDim));
    }

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var x = inputs[0];
        if (Spec.Dim is not int dim) return [Reductions.SplitAmongTies(gradOutput.Item(), x, output.Item())];
        int d = Dimensions.Normalize(dim, x.Dims, Name);
        var (_, indices) = Reductions.Extremum(x, d, Largest);
        return [Reductions.ScatterAlong(gradOutput.Span, indices, x.Shape, d)];
    }

    /// <summary>
    /// Along a dim other than 0 every shard on its own. Over dim 0 or everything, every shard finds
    /// its extreme with its index (or its count of ties), and the first shard's member picks among them.
    /// </summary>
    public sealed override ShardingRule Sharding(ShardingQuery query) =>
        PartialsOrPerShard(Spec, query, Largest ? "max_partials" : "min_partials", Largest);

    /// <summary>
    /// The output shape of max, min, argmax and argmin: [] for every element, or the shape reduced at
    /// Dim. Reducing nothing is PyTorch's error.
    /// </summary>
    internal static int[] ReducedShape(OpSpec spec, int[] shape)
    {
        string op = spec.Name;
        if (spec.Dim is not int dim)
        {
            if (Tensor.CheckShape(shape) == 0)
                throw new ArgumentException(
                    $"{op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim " +
                    $"with the 'dim' argument. (shape {Tensor.ShapeText(shape)})");
            return [];
        }
        int d = Dimensions.Normalize(dim, shape, op);
        if (shape.Length > 0 && shape[d] == 0)
            throw new ArgumentException($"{op}(): Expected reduction dim {d} to have non-zero size. (shape {Tensor.ShapeText(shape)})");
        return Dimensions.Reduced(shape, d, spec.KeepDim);
    }

    /// <summary>
    /// The sharding of max, min, argmax and argmin: per shard along a dim other than 0; over dim 0
    /// (or everything) each shard's <c>max_partial</c>/<c>min_partial</c>, joined by <paramref name="combine"/>,
    /// which learns each shard's first row (in Dims) to turn local indices into global ones.
    /// A shard without rows has no extreme: the shards are gathered first then.
    /// </summary>
    internal static ShardingRule PartialsOrPerShard(OpSpec spec, ShardingQuery query, string combine, bool largest)
    {
        var shape = query.InputShapes[0];
        int? dim = spec.Dim is int d ? Dimensions.Normalize(d, shape, spec.Name) : null;
        if (dim > 0) return ShardingRule.PerShard;
        if (shape.Length == 0 || query.RowBlocks?[0] is not { } rows || rows.Contains(0)) return ShardingRule.GatherFirst;
        var firstRows = new int[rows.Length];
        for (int i = 1; i < rows.Length; i++) firstRows[i] = firstRows[i - 1] + rows[i - 1];
        return new ShardingRule.Partials(
            new OpSpec(largest ? "max_partial" : "min_partial", Dim: dim),
            new OpSpec(combine, Dim: dim, KeepDim: spec.KeepDim, Dims: firstRows));
    }
}
