using System.Numerics.Tensors;

namespace Autograd.Tensors;

/// <summary>
/// Kernels of the indexing and joining ops (narrow, select, index_select, cat, stack) and of their
/// gradients. Along a dim a tensor is read as outer × size × inner (<see cref="Dimensions.Split"/>),
/// so every kernel moves whole runs of <c>inner</c> (or <c>length × inner</c>) elements as spans.
/// </summary>
public static partial class Indexing
{
    /// <summary>
    /// Elements <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> along
    /// <paramref name="dim"/> (normalized, in range): the dim keeps its place with size <paramref name="length"/>.
    /// </summary>
    public static Tensor Slice(Tensor x, int dim, int start, int length)
    {
        var shape = x.Shape;
        shape[dim] = length;
        var (outer, size, inner) = Dimensions.Split(x.Dims, dim);
        var result = Buffers.Uninitialized(outer * length * inner);   // every run is copied below
        var source = x.Span;
        int run = length * inner;
        for (int o = 0; o < outer; o++)
            source.Slice((o * size + start) * inner, run).CopyTo(result.AsSpan(o * run, run));
        return Tensor.Wrap(result, shape);
    }

    /// <summary>
    /// The reverse of <see cref="Slice"/> for gradients: zeros of <paramref name="shape"/> with
    /// <paramref name="part"/> written at <paramref name="start"/> along <paramref name="dim"/>.
    /// </summary>
    public static Tensor Unslice(Tensor part, ReadOnlySpan<int> shape, int dim, int start)
    {
        var (outer, size, inner) = Dimensions.Split(shape, dim);
        var result = new float[outer * size * inner];
        var source = part.Span;
        int run = source.Length / Math.Max(outer, 1);
        for (int o = 0; o < outer; o++)
            source.Slice(o * run, run).CopyTo(result.AsSpan((o * size + start) * inner, run));
        return Tensor.Wrap(result, shape.ToArray());
    }

    /// <summary>The slices <c>x[..., indices[k], ...]</c> along <paramref name="dim"/>, in the order of <paramref name="indices"/> (each in range).</summary>
    public static Tensor IndexSelect(Tensor x, int dim, int[] indices)
    {
        var shape = x.Shape;
        shape[dim] = indices.Length;
        var (outer, size, inner) = Dimensions.Split(x.Dims, dim);
        var result = Buffers.Uninitialized(outer * indices.Length * inner);   // every run is copied below
        var source = x.Span;
        int n = indices.Length;
        for (int o = 0; o < outer; o++)
        {
            var block = source.Slice(o * size * inner, size * inner);
            var into = result.AsSpan(o * n * inner, n * inner);
            if (inner == 1)
                for (int k = 0; k < n; k++) into[k] = block[indices[k]];   // single elements: no span copy per element
            else
                for (int k = 0; k < n; k++) block.Slice(indices[k] * inner, inner).CopyTo(into.Slice(k * inner, inner));
        }
        return Tensor.Wrap(result, shape);
    }

    /// <summary>
    /// The reverse of <see cref="IndexSelect"/> for gradients: zeros of <paramref name="shape"/> to which
    /// slice k of <paramref name="selected"/> is added at <c>indices[k]</c>, so a repeated index accumulates.
    /// </summary>
    public static Tensor IndexAdd(Tensor selected, ReadOnlySpan<int> shape, int dim, int[] indices)
    {
        var (outer, size, inner) = Dimensions.Split(shape, dim);
        var result = new float[outer * size * inner];
        var source = selected.Span;
        int n = indices.Length;
        for (int o = 0; o < outer; o++)
        {
            var from = source.Slice(o * n * inner, n * inner);
            var block = result.AsSpan(o * size * inner, size * inner);
            if (inner == 1)
                for (int k = 0; k < n; k++) block[indices[k]] += from[k];
            else
                for (int k = 0; k < n; k++)
                {
                    var into = block.Slice(indices[k] * inner, inner);
                    TensorPrimitives.Add(into, from.Slice(k * inner, inner), into);
                }
        }
        return Tensor.Wrap(result, shape.ToArray());
    }

    /// <summary>
    /// The parts one after the other along <paramref name="dim"/> (normalized) into a tensor of
    /// <paramref name="shape"/>; every part has the result's sizes except along <paramref name="dim"/>.
    /// </summary>
    public static Tensor Cat(IReadOnlyList<Tensor> parts, int dim, int[] shape)
    {
        var (outer, size, inner) = Dimensions.Split(shape, dim);
        if (outer == 1) return Concatenation.Rows(parts, shape);   // whole blocks end to end
        var result = Buffers.Uninitialized(outer * size * inner);   // every part's runs fill it
        int offset = 0;
        for (int p = 0; p < parts.Count; p++)
        {
            var source = parts[p].Span;
            int run = parts[p].Dims[dim] * inner;
            for (int o = 0; o < outer; o++)
                source.Slice(o * run, run).CopyTo(result.AsSpan(o * size * inner + offset, run));
            offset += run;
        }
        return Tensor.Wrap(result, (int[])shape.Clone());
    }

    /// <summary>
    /// The values of an index tensor (float32 holding integers) as indices into a dim of
    /// <paramref name="size"/>: a value that is not a whole number in [0, size) is an
    /// <see cref="ArgumentException"/> naming <paramref name="op"/>, the position and the value.
    /// </summary>
    public static int[] Indices(Tensor index, int size, string op, int dim)
    {
        var values = index.Span;
        var indices = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v < size) || v != MathF.Floor(v))
                throw new ArgumentException(
                    $"{op}: index {v} at position {i} is not an integer in [0, {size - 1}] " +
                    $"(dimension {dim} of the input has size {size})");
            indices[i] = (int)v;
        }
        return indices;
    }
}
