using System.Numerics.Tensors;

namespace Autograd.Tensors;

/// <summary>
/// Sums, means and maxima, over everything or along one dim. Along a dim the tensor is read as
/// outer × size × inner: with inner == 1 each output is one TensorPrimitives reduction over a
/// contiguous run; otherwise each outer block adds (or maxes) its <c>size</c> runs of length
/// inner into one output run, so the work stays on whole spans.
/// </summary>
public static partial class Reductions
{
    /// <summary>The sum of all elements, as a 0-dimensional tensor.</summary>
    public static Tensor Sum(Tensor x) => Tensor.Scalar(TensorPrimitives.Sum(x.Span));

    /// <summary>The mean of all elements, as a 0-dimensional tensor (NaN when empty, as PyTorch).</summary>
    public static Tensor Mean(Tensor x) => Tensor.Scalar(TensorPrimitives.Sum(x.Span) / x.Count);

    public static Tensor Sum(Tensor x, int dim, bool keepDim = false)
    {
        dim = Dimensions.Normalize(dim, x.Dims, "sum");
        var (outer, size, inner) = Dimensions.Split(x.Dims, dim);
        var result = new float[outer * inner];
        var s = x.Span;
        for (int o = 0; o < outer; o++)
        {
            var block = s.Slice(o * size * inner, size * inner);
            if (inner == 1) { result[o] = TensorPrimitives.Sum(block); continue; }
            var into = result.AsSpan(o * inner, inner);
            for (int j = 0; j < size; j++) TensorPrimitives.Add(into, block.Slice(j * inner, inner), into);
        }
        return Tensor.Wrap(result, Dimensions.Reduced(x.Dims, dim, keepDim));
    }

    public static Tensor Mean(Tensor x, int dim, bool keepDim = false)
    {
        dim = Dimensions.Normalize(dim, x.Dims, "mean");
        var sum = Sum(x, dim, keepDim);
        int size = x.Rank == 0 ? 1 : x.Dims[dim];
        var result = sum.ToArray();
        TensorPrimitives.Divide(result, size, result);
        return Tensor.Wrap(result, sum.SharedShape);
    }

    /// <summary>The maximum along <paramref name="dim"/> (NaN propagates); an empty dim is an error, as in PyTorch.</summary>
    public static Tensor Max(Tensor x, int dim, bool keepDim = false)
    {
        dim = Dimensions.Normalize(dim, x.Dims, "max");
        var (outer, size, inner) = Dimensions.Split(x.Dims, dim);
        if (size == 0 && outer * inner > 0)
            throw new ArgumentException($"max: cannot reduce over dimension {dim} of size 0 (shape {Tensor.ShapeText(x.Dims)})");
        var result = new float[outer * inner];
        var s = x.Span;
        for (int o = 0; o < outer; o++)
        {
            var block = s.Slice(o * size * inner, size * inner);
            if (inner == 1) { result[o] = TensorPrimitives.Max(block); continue; }
            var into = result.AsSpan(o * inner, inner);
            block[..inner].CopyTo(into);
            for (int j = 1; j < size; j++) TensorPrimitives.Max(into, block.Slice(j * inner, inner), into);
        }
        return Tensor.Wrap(result, Dimensions.Reduced(x.Dims, dim, keepDim));
    }

    /// <summary>
    /// The reverse of a reduction along <paramref name="dim"/> for gradients: repeats
    /// <paramref name="reduced"/> (with or without the kept dim; outer × inner elements) along
    /// that dim to <paramref name="shape"/>, multiplied by <paramref name="scale"/> (1/size for mean).
    /// </summary>
    public static Tensor Expand(Tensor reduced, ReadOnlySpan<int> shape, int dim, float scale = 1f)
    {
        dim = Dimensions.Normalize(dim, shape, "expand");
        var (outer, size, inner) = Dimensions.Split(shape, dim);
        if (reduced.Count != outer * inner)
            throw new ArgumentException(
                $"expand: a gradient of shape {Tensor.ShapeText(reduced.Dims)} does not fit shape {Tensor.ShapeText(shape)} reduced at dimension {dim}");
        var result = Buffers.Uninitialized(outer * size * inner);  // every block is filled or copied below
        var g = reduced.Span;
        for (int o = 0; o < outer; o++)
        {
            var block = result.AsSpan(o * size * inner, size * inner);
            if (inner == 1) { block.Fill(g[o] * scale); continue; }
            var row = g.Slice(o * inner, inner);
            for (int j = 0; j < size; j++)
            {
                var into = block.Slice(j * inner, inner);
                if (scale == 1f) row.CopyTo(into);
                else TensorPrimitives.Multiply(row, scale, into);
            }
        }
        return Tensor.Wrap(result, shape.ToArray());
    }
}
