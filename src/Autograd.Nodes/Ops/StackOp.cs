using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// stack(tensors, dim): the Spec.Parts inputs, all of one shape, joined along a new dim at Spec.Dim
/// (default 0, in [-(rank + 1), rank]). d/dx_i = the slice i of g along that dim.
/// </summary>
public sealed class StackOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "StackBackward";
    public override int Arity => Spec.Parts;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count == 0) throw new ArgumentException("stack: stack expects a non-empty TensorList");
        var first = inputShapes[0];
        for (int i = 1; i < inputShapes.Count; i++)
            if (!inputShapes[i].AsSpan().SequenceEqual(first))
                throw new ArgumentException(
                    $"stack: stack expects each tensor to be equal size, but got {Tensor.ShapeText(first)} at entry 0 " +
                    $"and {Tensor.ShapeText(inputShapes[i])} at entry {i}");
        return ShapeArguments.Inserted(first, NewDim(first), inputShapes.Count);
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var shape = InferShape(inputs.Select(t => t.Shape).ToArray());
        int dim = NewDim(inputs[0].Dims);
        var slices = inputs.Select(t => t.Reshape(ShapeArguments.Inserted(t.Dims, dim, 1))).ToArray();
        return Indexing.Cat(slices, dim, shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        int dim = NewDim(inputs[0].Dims);
        var gradients = new Tensor?[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
            if (needsGrad[i]) gradients[i] = Indexing.Slice(gradOutput, dim, i, 1).Reshape(inputs[i].Shape);
        return gradients;
    }

    /// <summary>Along a new dim behind the rows, with every input row-sharded alike, each row stacks its own rows: per shard.</summary>
    public override ShardingRule Sharding(ShardingQuery query)
    {
        var shape = query.InputShapes[0];
        bool behindRows = shape.Length > 0 && NewDim(shape) > 0;
        return behindRows && query.Sharded.All(s => s) ? ShardingRule.PerShard : ShardingRule.GatherFirst;
    }

    private int NewDim(ReadOnlySpan<int> shape) => ShapeArguments.NewDim(Spec.Dim ?? 0, shape, Name);
}
