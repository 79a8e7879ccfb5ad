using System.Numerics.Tensors;

namespace Autograd.Ops;

/// <summary>
/// The sum of Parts partial results of the same shape (the per-shard partial sums of a
/// reduction over rows). Each part's gradient is the output's gradient.
/// </summary>
public sealed class SumPartialsOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "AddBackward";
    public override bool IsInternal => true;
    public override int Arity => Spec.Parts;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count == 0) throw new ArgumentException("sum_partials: needs at least one part");
        foreach (var shape in inputShapes)
            if (!shape.AsSpan().SequenceEqual(inputShapes[0]))
                throw new ArgumentException(
                    $"sum_partials: part of shape {Tensor.ShapeText(shape)} differs from {Tensor.ShapeText(inputShapes[0])}");
        return (int[])inputShapes[0].Clone();
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var sum = inputs[0].ToArray();
        for (int i = 1; i < inputs.Count; i++)
            TensorPrimitives.Add(sum, inputs[i].Span, sum);
        return Tensor.Wrap(sum, inputs[0].Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        needsGrad.Select(n => n ? gradOutput : null).ToArray();
}
