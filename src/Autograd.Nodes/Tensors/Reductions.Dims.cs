namespace Autograd.Tensors;

// Reductions over several dims at once (torch.sum(x, dim=[0, 2])).
public static partial class Reductions
{
    /// <summary>
    /// The dims of a reduction over a list, normalized (negative ones count from the end) and in
    /// ascending order. A dim named twice is PyTorch's error; an empty list means every dim, as
    /// <c>torch.sum(x, dim=[])</c> in PyTorch 1.13.
    /// </summary>
    public static int[] NormalizeDims(ReadOnlySpan<int> dims, ReadOnlySpan<int> shape, string op)
    {
        if (dims.Length == 0) return Enumerable.Range(0, shape.Length).ToArray();
        var seen = new bool[Math.Max(shape.Length, 1)];
        foreach (int dim in dims)
        {
            int d = Dimensions.Normalize(dim, shape, op);
            if (seen[d]) throw new ArgumentException($"{op}: dim {d} appears multiple times in the list of dims (shape {Tensor.ShapeText(shape)})");
            seen[d] = true;
        }
        int rank = shape.Length;   // a 0-dimensional tensor accepts dim 0 but has nothing to reduce
        return Enumerable.Range(0, rank).Where(d => seen[d]).ToArray();
    }

    /// <summary>The shape after reducing <paramref name="dims"/> (normalized): size 1 with keepDim, removed otherwise.</summary>
    public static int[] ReducedShape(ReadOnlySpan<int> shape, int[] dims, bool keepDim)
    {
        var result = new List<int>(shape.Length);
        for (int d = 0; d < shape.Length; d++)
        {
            if (!dims.Contains(d)) result.Add(shape[d]);
            else if (keepDim) result.Add(1);
        }
        return result.ToArray();
    }

    /// <summary>The sum over <paramref name="dims"/> (normalized, ascending), one dim at a time.</summary>
    public static Tensor Sum(Tensor x, int[] dims, bool keepDim)
    {
        var sum = x;
        foreach (int d in dims) sum = Sum(sum, d, keepDim: true);
        return sum.Reshape(ReducedShape(x.Dims, dims, keepDim));
    }

    /// <summary>
    /// The reverse of a reduction over <paramref name="dims"/> (normalized, ascending) for gradients:
    /// repeats <paramref name="reduced"/> (with or without the kept dims) back to <paramref name="shape"/>,
    /// multiplied by <paramref name="scale"/>.
    /// </summary>
    public static Tensor Expand(Tensor reduced, int[] shape, int[] dims, float scale = 1f)
    {
        var expanded = reduced.Reshape(ReducedShape(shape, dims, keepDim: true));
        if (dims.Length == 0)
            return scale == 1f ? expanded : Elementwise.WithScalar(Arithmetic.Multiply, expanded, scale);
        for (int i = 0; i < dims.Length; i++)
        {
            var target = expanded.Shape;
            target[dims[i]] = shape[dims[i]];
            expanded = Expand(expanded, target, dims[i], i == 0 ? scale : 1f);
        }
        return expanded;
    }
}
