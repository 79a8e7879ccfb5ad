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

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count == 0) throw new ArgumentException($"{Name}: needs at least one part");
        var part = inputShapes[0];
        foreach (var shape in inputShapes)
            if (!shape.AsSpan().SequenceEqual(part) || shape.Length == 0 || shape[0] != 2)
                throw new ArgumentException(
                    $"{Name}: every part must have the same shape [2, ...] (values and indices), got {Tensor.ShapeText(shape)} and {Tensor.ShapeText(part)}");
        if (Spec.Dim is not int dim)
        {
            if (part.Length != 1) throw new ArgumentException($"{Name}: parts of a full extreme have shape [2], got {Tensor.ShapeText(part)}");
            return [];
        }
        var kept = part[1..];
        int d = Dimensions.Normalize(dim, kept, Name);
        if (kept.Length > 0 && kept[d] != 1)
            throw new ArgumentException($"{Name}: parts must have size 1 at the reduced dim {d}, got {Tensor.ShapeText(part)}");
        return Dimensions.Reduced(kept, d, Spec.KeepDim);
    }

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
