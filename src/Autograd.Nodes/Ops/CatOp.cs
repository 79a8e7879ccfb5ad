using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// cat(tensors, dim): the Spec.Parts inputs joined along Spec.Dim (default 0); all other sizes must
/// match. As PyTorch 1.13, a 1-D empty input ([0]) is skipped whatever the others' shapes. d/dx_i =
/// the slice of g where x_i went.
/// </summary>
public sealed class CatOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "CatBackward";
    public override int Arity => Spec.Parts;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count == 0) throw new ArgumentException("cat: torch.cat(): expected a non-empty list of Tensors");
        int reference = FirstJoined(inputShapes);
        if (reference < 0) return [0];   // nothing but skipped [0] inputs
        var first = inputShapes[reference];
        if (first.Length == 0) throw ZeroDimensional(reference, inputShapes);
        int dim = Dimensions.Normalize(Spec.Dim ?? 0, first, Name);
        var result = (int[])first.Clone();
        result[dim] = 0;
        for (int i = 0; i < inputShapes.Count; i++)
        {
            var shape = inputShapes[i];
            if (Skipped(shape)) continue;
            if (shape.Length == 0) throw ZeroDimensional(i, inputShapes);
            if (shape.Length != first.Length)
                throw new ArgumentException(
                    $"cat: Tensors must have same number of dimensions: got {first.Length} and {shape.Length} ({ShapesText(inputShapes)})");
            for (int d = 0; d < shape.Length; d++)
                if (d != dim && shape[d] != first[d])
                    throw new ArgumentException(
                        $"cat: Sizes of tensors must match except in dimension {dim}. Expected size {first[d]} but got size {shape[d]} " +
                        $"for tensor number {i} in the list ({ShapesText(inputShapes)})");
            result[dim] += shape[dim];
        }
        return result;
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var shapes = inputs.Select(t => t.Shape).ToArray();
        var shape = InferShape(shapes);
        int reference = FirstJoined(shapes);
        if (reference < 0) return Tensor.Zeros(0);
        var joined = inputs.Where(t => !Skipped(t.Dims)).ToArray();
        return Indexing.Cat(joined, Dimensions.Normalize(Spec.Dim ?? 0, shape, Name), shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        var gradients = new Tensor?[inputs.Count];
        int dim = Dimensions.Normalize(Spec.Dim ?? 0, output.Dims, Name), offset = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (Skipped(inputs[i].Dims))
            {
                if (needsGrad[i]) gradients[i] = Tensor.Zeros(0);
                continue;
            }
            int size = inputs[i].Dims[dim];
            if (needsGrad[i]) gradients[i] = Indexing.Slice(gradOutput, dim, offset, size);
            offset += size;
        }
        return gradients;
    }

    /// <summary>Along a dim other than 0 with every input row-sharded alike, each row joins its own rows: per shard.</summary>
    public override ShardingRule Sharding(ShardingQuery query)
    {
        var shape = query.OutputShape;
        bool alongRows = shape.Length > 1 && Dimensions.Normalize(Spec.Dim ?? 0, shape, Name) > 0;
        return alongRows && query.Sharded.All(s => s) && !query.InputShapes.Any(s => Skipped(s)) ? ShardingRule.PerShard : ShardingRule.GatherFirst;
    }

    /// <summary>PyTorch 1.13 skips 1-D empty tensors in cat (a legacy rule), whatever the other shapes.</summary>
    private static bool Skipped(ReadOnlySpan<int> shape) => shape is [0];

    private static int FirstJoined(IReadOnlyList<int[]> shapes)
    {
        for (int i = 0; i < shapes.Count; i++)
            if (!Skipped(shapes[i])) return i;
        return -1;
    }

    private static ArgumentException ZeroDimensional(int position, IReadOnlyList<int[]> shapes) =>
        new($"cat: zero-dimensional tensor (at position {position}) cannot be concatenated ({ShapesText(shapes)})");

    private static string ShapesText(IEnumerable<int[]> shapes) => "shapes " + string.Join(", ", shapes.Select(s => Tensor.ShapeText(s)));
}
