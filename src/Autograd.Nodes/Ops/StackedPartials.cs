using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// The shape rule of the ops that join shards' partial results stacked along a leading dim of
/// <c>rows</c> statistics (an extreme's value and index, a variance's count, mean, remainder and M2):
/// every part has the same shape [rows, ...], and the result is the reduction's shape.
/// </summary>
internal static class StackedPartials
{
    public static int[] InferShape(string op, OpSpec spec, IReadOnlyList<int[]> parts, int rows, string what, string result)
    {
        if (parts.Count == 0) throw new ArgumentException($"{op}: needs at least one part");
        var part = parts[0];
        foreach (var shape in parts)
            if (!shape.AsSpan().SequenceEqual(part) || shape.Length == 0 || shape[0] != rows)
                throw new ArgumentException(
                    $"{op}: every part must have the same shape [{rows}, ...] ({what}), got {Tensor.ShapeText(shape)} and {Tensor.ShapeText(part)}");
        if (spec.Dim is not int dim)
        {
            if (part.Length != 1) throw new ArgumentException($"{op}: parts of a full {result} have shape [{rows}], got {Tensor.ShapeText(part)}");
            return [];
        }
        var kept = part[1..];
        int d = Dimensions.Normalize(dim, kept, op);
        if (kept.Length > 0 && kept[d] != 1)
            throw new ArgumentException($"{op}: parts must have size 1 at the reduced dim {d}, got {Tensor.ShapeText(part)}");
        return Dimensions.Reduced(kept, d, spec.KeepDim);
    }
}
