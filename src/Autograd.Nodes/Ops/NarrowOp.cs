using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// narrow(dim, start, length): elements start..start + length along Spec.Dim (Spec.Start may be
/// negative, counting from the end; Spec.Length). d/dx = g written into zeros at the slice.
/// </summary>
public sealed class NarrowOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "SliceBackward";
    public override int Arity => 1;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var (dim, _) = Resolve(inputShapes[0]);
        var shape = (int[])inputShapes[0].Clone();
        shape[dim] = Spec.Length;
        return shape;
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var (dim, start) = Resolve(inputs[0].Dims);
        return Indexing.Slice(inputs[0], dim, start, Spec.Length);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var (dim, start) = Resolve(inputs[0].Dims);
        return [Indexing.Unslice(gradOutput, inputs[0].Dims, dim, start)];
    }

    /// <summary>Along a dim other than 0 each row keeps its own elements: per shard.</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        Resolve(query.InputShapes[0]).Dim > 0 ? ShardingRule.PerShard : ShardingRule.GatherFirst;

    private (int Dim, int Start) Resolve(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0)
            throw new ArgumentException("narrow: narrow() cannot be applied to a 0-dim tensor.");
        int dim = Dimensions.Normalize(ShapeArguments.Required(Spec.Dim, Name), shape, Name);
        int size = shape[dim], start = Spec.Start, length = Spec.Length;
        if (start < -size || start > size)
            throw new ArgumentException(
                $"narrow: start out of range (expected to be in range of [{-size}, {size}], but got {start}) " +
                $"at dimension {dim} of a tensor of shape {Tensor.ShapeText(shape)}");
        if (start < 0) start += size;
        if (length < 0)
            throw new ArgumentException($"narrow: narrow(): length must be non-negative, got {length}");
        if (start + length > size)
            throw new ArgumentException(
                $"narrow: start ({start}) + length ({length}) exceeds dimension size ({size}) " +
                $"at dimension {dim} of a tensor of shape {Tensor.ShapeText(shape)}");
        return (dim, start);
    }
}
