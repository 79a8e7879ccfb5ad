using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// The gather of row shards: Parts inputs concatenated along dim 0 (all other sizes equal).
/// Its VJP is the scatter: each shard gets its own rows of the gradient. Built by the client
/// when a sharded value meets an op without a sharded rule.
/// </summary>
public sealed class GatherOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "CatBackward";
    public override bool IsInternal => true;
    public override int Arity => Spec.Parts;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count == 0) throw new ArgumentException("gather: needs at least one part");
        var first = inputShapes[0];
        if (first.Length == 0) throw new ArgumentException("gather: parts must have at least one dimension, got []");
        int rows = 0;
        foreach (var shape in inputShapes)
        {
            if (shape.Length != first.Length || !shape.AsSpan(1).SequenceEqual(first.AsSpan(1)))
                throw new ArgumentException(
                    $"gather: part of shape {Tensor.ShapeText(shape)} does not match {Tensor.ShapeText(first)} beyond dim 0");
            rows += shape[0];
        }
        var result = (int[])first.Clone();
        result[0] = rows;
        return result;
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        Concatenation.Rows(inputs, InferShape(inputs.Select(t => t.Shape).ToList()));

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        var gradients = new Tensor?[inputs.Count];
        int offset = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            int count = inputs[i].Count;
            if (needsGrad[i])
                gradients[i] = Tensor.Wrap(gradOutput.Span.Slice(offset, count).ToArray(), inputs[i].Shape);
            offset += count;
        }
        return gradients;
    }
}
