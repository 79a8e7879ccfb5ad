namespace Autograd.Tensors;

/// <summary>Dimension arguments as PyTorch reads them: negative values count from the end.</summary>
public static class Dimensions
{
    /// <summary>
    /// Turns <paramref name="dim"/> into an index in [0, rank). A 0-dimensional tensor accepts
    /// -1 and 0, as in PyTorch. Out of range is an <see cref="ArgumentException"/> with PyTorch's
    /// wording, prefixed by the op's name when one is given.
    /// </summary>
    public static int Normalize(int dim, int rank, string? op = null)
    {
        int span = Math.Max(rank, 1);
        if (dim < -span || dim >= span) throw OutOfRange(dim, span, op, "");
        return dim < 0 ? dim + span : dim;
    }

    /// <summary>As <see cref="Normalize(int, int, string?)"/>, naming the tensor's shape in the error too.</summary>
    public static int Normalize(int dim, ReadOnlySpan<int> shape, string op)
    {
        int span = Math.Max(shape.Length, 1);
        if (dim < -span || dim >= span) throw OutOfRange(dim, span, op, $" for a tensor of shape {Tensor.ShapeText(shape)}");
        return dim < 0 ? dim + span : dim;
    }

    private static ArgumentException OutOfRange(int dim, int span, string? op, string suffix) =>
        new($"{(op is null ? "" : op + ": ")}Dimension out of range (expected to be in range of [{-span}, {span - 1}], but got {dim}){suffix}");

    /// <summary>
    /// Views a shape as outer × size × inner around <paramref name="dim"/> (already normalized),
    /// the layout every per-dim kernel walks: blocks of <c>size × inner</c>, each a stack of
    /// <c>size</c> contiguous runs of length <c>inner</c>.
    /// </summary>
    public static (int Outer, int Size, int Inner) Split(ReadOnlySpan<int> shape, int dim)
    {
        if (shape.Length == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }

    /// <summary>The shape after reducing <paramref name="dim"/>: size 1 with keepDim, removed otherwise.</summary>
    public static int[] Reduced(ReadOnlySpan<int> shape, int dim, bool keepDim)
    {
        if (shape.Length == 0) return [];
        if (keepDim)
        {
            var kept = shape.ToArray();
            kept[dim] = 1;
            return kept;
        }
        var removed = new int[shape.Length - 1];
        shape[..dim].CopyTo(removed);
        shape[(dim + 1)..].CopyTo(removed.AsSpan(dim));
        return removed;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
