using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// What max_partials, min_partials, argmax_partials and argmin_partials share: Parts inputs, each
/// a shard's <see cref="ExtremumPartialOp"/> result, in row order; the shape rule; and which shard
/// wins each element (strictly more extreme, or NaN over a number, so on ties the first shard,
/// the one with the lowest rows, keeps it, as the unsharded op would).
/// </summary>
public abstract class JoinedExtremumOp(OpSpec spec, bool largest) : Op(spec)
{
    protected bool Largest => largest;

    public sealed override bool IsInternal => true;
    public sealed override int Arity => Spec.Parts;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) =>
        StackedPartials.InferShape(Name, Spec, inputShapes, 2, "values and indices", "extreme");

    /// <summary>Each element's extreme over the parts and the part it comes from (as float).</summary>
    protected (float[] Best, float[] Winner) Winners(IReadOnlyList<Tensor> parts)
    {
        int half = parts[0].Count / 2;
        var best = parts[0].Span[..half].ToArray();
        var winner = new float[half];
        for (int p = 1; p < parts.Count; p++) Reductions.Challenge(parts[p].Span[..half], p, best, winner, largest);
        return (best, winner);
    }
}
