namespace Autograd.Ops;

/// <summary>
/// The same elements under Spec.Shape, where one size may be -1 (inferred), as PyTorch's reshape.
/// No copy: tensors are immutable, so the output shares the input's data. d/dx = g reshaped back.
/// </summary>
public sealed class ReshapeOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "ViewBackward";
    public override int Arity => 1;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) => Resolve(inputShapes[0]);

    /// <summary>
    /// A reshape that keeps dim 0 (the rows) maps each input row onto the same output row, so it runs
    /// per shard when the target leaves dim 0 to be inferred (-1): each shard infers its own row count.
    /// </summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.Sharded[0] && Spec.Shape is [-1, ..] && query.InputShapes[0].Length > 0 &&
        query.OutputShape.Length > 0 && query.OutputShape[0] == query.InputShapes[0][0]
            ? ShardingRule.PerShard
            : ShardingRule.GatherFirst;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0].Reshape(Resolve(inputs[0].Dims));

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? gradOutput.Reshape(inputs[0].SharedShape) : null];

    private int[] Resolve(ReadOnlySpan<int> input)
    {
        var requested = Spec.Shape ?? throw new ArgumentException("reshape: no target shape given");
        long size = 1;
        foreach (int s in input) size *= s;
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.Length; i++)
        {
            if (requested[i] == -1)
            {
                if (inferred >= 0) throw new ArgumentException("reshape: only one dimension can be inferred " +
                    $"(shape {Tensor.ShapeText(requested)} for input of shape {Tensor.ShapeText(input)})");
                inferred = i;
            }
            else if (requested[i] < 0)
                throw new ArgumentException($"reshape: invalid shape dimension {requested[i]} in {Tensor.ShapeText(requested)}");
            else known *= requested[i];
        }

        var shape = (int[])requested.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || size % known != 0) throw Invalid(requested, input);
            shape[inferred] = (int)(size / known);
        }
        else if (known != size) throw Invalid(requested, input);
        return shape;
    }

    private static ArgumentException Invalid(int[] requested, ReadOnlySpan<int> input) =>
        new($"reshape: shape '{Tensor.ShapeText(requested)}' is invalid for input of size {Tensor.CheckShape(input.ToArray())} " +
            $"(input shape {Tensor.ShapeText(input)})");
}
