using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// A shard's part of a max or min over rows (max_partial, min_partial; the client adds it, see
/// <see cref="ExtremumOp.PartialsOrPerShard"/>): values and indices together, stacked along a new
/// dim 0. Along Dim: [2, shape reduced at Dim, kept as 1]: the extremes, then the index along Dim of
/// each one's first occurrence. Over every element (Dim null): [2]: the extreme, then how many
/// elements tie with it (the full extreme's gradient is split among all ties of all shards).
/// The VJP sends row 0's gradient where the extremes came from; row 1 has no derivative.
/// </summary>
public sealed class ExtremumPartialOp(OpSpec spec, bool largest) : Op(spec)
{
    public override string GradFnName => largest ? "MaxBackward" : "MinBackward";
    public override bool IsInternal => true;
    public override int Arity => 1;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) =>
        [2, .. ExtremumOp.ReducedShape(Spec with { KeepDim = true }, inputShapes[0])];

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        if (Spec.Dim is not int dim)
        {
            float extreme = x.Span[Reductions.IndexOfExtremum(x.Span, largest)];
            return Tensor.Wrap([extreme, Reductions.CountTies(x.Span, extreme)], [2]);
        }
        int d = Dimensions.Normalize(dim, x.Dims, Name);
        var (values, indices) = Reductions.Extremum(x, d, largest);
        return Tensor.Wrap([.. values, .. indices], [2, .. Dimensions.Reduced(x.Dims, d, keepDim: true)]);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var x = inputs[0];
        if (Spec.Dim is not int dim) return [Reductions.SplitAmongTies(gradOutput.Span[0], x, output.Span[0])];
        int half = output.Count / 2;
        return [Reductions.ScatterAlong(gradOutput.Span[..half], output.Span[half..], x.Shape, Dimensions.Normalize(dim, x.Dims, Name))];
    }
}
