using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// expand(sizes) (Spec.Shape): size-1 dims repeated to the given size and new leading dims added; -1
/// keeps a size. d/dx = g, which the engine sums back over what was repeated (as for broadcasting).
/// </summary>
public sealed class ExpandOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "ExpandBackward";
    public override int Arity => 1;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        var sizes = Spec.Shape ?? throw new ArgumentException("expand: the target sizes are required");
        if (sizes.Length < shape.Length)
            throw new ArgumentException(
                $"expand: the number of sizes provided ({sizes.Length}) must be greater or equal to the number of dimensions in the tensor " +
                $"({shape.Length}). Target sizes: {Tensor.ShapeText(sizes)}.  Tensor sizes: {Tensor.ShapeText(shape)}");
        int added = sizes.Length - shape.Length;
        var result = new int[sizes.Length];
        for (int d = 0; d < sizes.Length; d++)
        {
            int size = sizes[d];
            if (d < added)
            {
                if (size < 0)
                    throw new ArgumentException(
                        $"expand: The expanded size of the tensor ({size}) isn't allowed in a leading, non-existing dimension {d}. " +
                        $"Target sizes: {Tensor.ShapeText(sizes)}.  Tensor sizes: {Tensor.ShapeText(shape)}");
                result[d] = size;
                continue;
            }
            int existing = shape[d - added];
            if (size == -1) size = existing;
            if ((size != existing && existing != 1) || size < 0)
                throw new ArgumentException(
                    $"expand: The expanded size of the tensor ({sizes[d]}) must match the existing size ({existing}) at non-singleton dimension {d}.  " +
                    $"Target sizes: {Tensor.ShapeText(sizes)}.  Tensor sizes: {Tensor.ShapeText(shape)}");
            result[d] = size;
        }
        return result;
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Indexing.Expand(inputs[0], InferShape([inputs[0].Shape]));

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? gradOutput : null];

    /// <summary>
    /// Per shard when no dim is added and dim 0 keeps its size as -1 (the client writes a kept size so),
    /// so that the same sizes fit every shard; a new leading dim or a repeated dim 0 moves the rows.
    /// </summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        Spec.Shape is { Length: > 0 } sizes && sizes.Length == query.InputShapes[0].Length && sizes[0] == -1
            ? ShardingRule.PerShard
            : ShardingRule.GatherFirst;
}
