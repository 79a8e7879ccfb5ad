using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>Dim arguments of the indexing and shape ops, read as PyTorch reads them, with errors naming the op and the shape.</summary>
internal static class ShapeArguments
{
    /// <summary>The dim an op needs (<see cref="OpSpec.Dim"/>), or an error naming the op.</summary>
    public static int Required(int? dim, string op) => dim ?? throw new ArgumentException($"{op}: a dim is required");

    /// <summary>
    /// Where a new dim goes in a tensor of <paramref name="shape"/> (unsqueeze, stack): in [-(rank + 1), rank],
    /// negative values counting from the end of the result.
    /// </summary>
    public static int NewDim(int dim, ReadOnlySpan<int> shape, string op)
    {
        int span = shape.Length + 1;
        if (dim < -span || dim >= span)
            throw new ArgumentException(
                $"{op}: Dimension out of range (expected to be in range of [{-span}, {span - 1}], but got {dim}) " +
                $"for a new dim of a tensor of shape {Tensor.ShapeText(shape)}");
        return dim < 0 ? dim + span : dim;
    }

    /// <summary><paramref name="shape"/> with a dim of <paramref name="size"/> inserted at <paramref name="dim"/> (normalized).</summary>
    public static int[] Inserted(ReadOnlySpan<int> shape, int dim, int size)
    {
        var result = new int[shape.Length + 1];
        shape[..dim].CopyTo(result);
        result[dim] = size;
        shape[dim..].CopyTo(result.AsSpan(dim + 1));
        return result;
    }
}
