using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// A shard's part of a var or std over rows (the client adds it, see <see cref="VarianceOp.Sharding"/>):
/// count, mean, the mean's remainder (the exact mean is mean + remainder, see <see cref="Moments"/>)
/// and M2 = Σ (x - mean)², stacked along a new dim 0: [4, shape reduced at Dim, kept as 1] ([4] over
/// every element, Dim null). VJP: d mean/dx = 1/n, d M2/dx = 2 (x - mean); the count does not depend
/// on x, and neither, but for float32 rounding, does the remainder.
/// </summary>
public sealed class MomentsOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "VarMeanBackward";
    public override bool IsInternal => true;
    public override int Arity => 1;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) => [4, .. KeptShape(inputShapes[0])];

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        var moments = Reductions.MomentsOf(x, ReducedDim(x.Dims));
        int m = moments.Mean.Length;
        var result = new float[4 * m];
        result.AsSpan(0, m).Fill(moments.Count);
        moments.Mean.CopyTo(result, m);
        moments.Remainder.CopyTo(result, 2 * m);
        moments.M2.CopyTo(result, 3 * m);
        return Tensor.Wrap(result, [4, .. KeptShape(x.Shape)]);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var x = inputs[0];
        var kept = KeptShape(x.Shape);
        int m = output.Count / 4;
        int count = (int)output.Span[0];
        Tensor Row(Tensor t, int row) => Tensor.Wrap(t.Span.Slice(row * m, m).ToArray(), kept);
        var deviation = Elementwise.Subtract(Elementwise.Subtract(x, Row(output, 1)), Row(output, 2));
        var fromM2 = Elementwise.Multiply(deviation, Elementwise.WithScalar(Arithmetic.Multiply, Row(gradOutput, 3), 2f));
        return [Elementwise.Add(fromM2, Elementwise.WithScalar(Arithmetic.Divide, Row(gradOutput, 1), count))];
    }

    private int[] KeptShape(int[] shape) =>
        ReducedDim(shape) is int d ? Dimensions.Reduced(shape, d, keepDim: true) : [];

    private int? ReducedDim(ReadOnlySpan<int> shape) => Spec.Dim is int dim ? Dimensions.Normalize(dim, shape, Name) : null;
}
