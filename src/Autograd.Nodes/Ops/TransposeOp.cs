using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Two ops of PyTorch in one row: t() of a 2-D tensor (Spec.Dims null, "TBackward"), and
/// transpose(dim0, dim1) of a tensor of any rank (Spec.Dims = [dim0, dim1], "TransposeBackward"),
/// which swaps two dims. Either way d/dx = g transposed the same way.
/// </summary>
public sealed class TransposeOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => IsMatrixTranspose ? "TBackward" : "TransposeBackward";
    public override int Arity => 1;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        if (IsMatrixTranspose)
        {
            if (shape.Length != 2)
                throw new ArgumentException($"transpose: expects a 2-D tensor, got shape {Tensor.ShapeText(shape)} ({shape.Length}-D)");
            return [shape[1], shape[0]];
        }
        return Order(shape).Select(d => shape[d]).ToArray();
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        IsMatrixTranspose ? Transpose.Matrix(inputs[0]) : Indexing.Permute(inputs[0], Order(inputs[0].Dims));

    // A swap of two dims is its own inverse.
    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? Forward([gradOutput]) : null];

    /// <summary>A swap of two dims other than 0 (or of a dim with itself) keeps the rows: per shard. t() always moves them.</summary>
    public override ShardingRule Sharding(ShardingQuery query)
    {
        var shape = query.InputShapes[0];
        return !IsMatrixTranspose && shape.Length > 0 && Order(shape)[0] == 0 ? ShardingRule.PerShard : ShardingRule.GatherFirst;
    }

    private bool IsMatrixTranspose => Spec.Dims is null;

    /// <summary>The swap as a permutation of the input's dims (empty for a 0-dimensional tensor, where only 0 and -1 are dims).</summary>
    private int[] Order(ReadOnlySpan<int> shape)
    {
        if (Spec.Dims is not [int first, int second])
            throw new ArgumentException($"transpose: expects two dims, got {Tensor.ShapeText(Spec.Dims)}");
        int a = Dimensions.Normalize(first, shape, Name), b = Dimensions.Normalize(second, shape, Name);
        var order = Enumerable.Range(0, shape.Length).ToArray();
        if (shape.Length > 0) (order[a], order[b]) = (order[b], order[a]);
        return order;
    }
}
