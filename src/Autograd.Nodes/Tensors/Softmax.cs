using System.Buffers;
using System.Numerics.Tensors;

namespace Autograd.Tensors;

/// <summary>
/// Softmax and log-softmax along a dim, and their VJPs. Numerically stable: the maximum along the
/// dim is subtracted before exponentiating, so inputs such as 1000 and 1001 stay finite. The last
/// dim is the fast path (one contiguous row at a time); any other dim is written with the
/// broadcasting kernels over the outer × size × inner layout.
/// </summary>
public static class Softmax
{
    public static Tensor Forward(Tensor x, int dim) => Compute(x, dim, log: false);

    public static Tensor LogForward(Tensor x, int dim) => Compute(x, dim, log: true);

    /// <summary>VJP of softmax from its output y: y * (g - sum(g * y, dim)).</summary>
    public static Tensor Backward(Tensor g, Tensor y, int dim)
    {
        dim = Dimensions.Normalize(dim, y.Dims, "softmax");
        var (outer, size, inner) = Dimensions.Split(y.Dims, dim);
        if (inner != 1)
        {
            var dot = Reductions.Sum(Elementwise.Multiply(g, y), dim, keepDim: true);
            return Elementwise.Multiply(y, Elementwise.Subtract(g, dot));
        }
        var result = new float[y.Count];
        var gs = g.Span;
        var ys = y.Span;
        for (int o = 0; o < outer; o++)
        {
            var gRow = gs.Slice(o * size, size);
            var yRow = ys.Slice(o * size, size);
            var into = result.AsSpan(o * size, size);
            float dot = TensorPrimitives.Dot(gRow, yRow);
            TensorPrimitives.Subtract(gRow, dot, into);
            TensorPrimitives.Multiply(into, yRow, into);
        }
        return Tensor.Wrap(result, y.Shape);
    }

    /// <summary>VJP of log-softmax from its output y: g - exp(y) * sum(g, dim).</summary>
    public static Tensor LogBackward(Tensor g, Tensor y, int dim)
    {
        dim = Dimensions.Normalize(dim, y.Dims, "log_softmax");
        var (outer, size, inner) = Dimensions.Split(y.Dims, dim);
        if (inner != 1)
        {
            var total = Reductions.Sum(g, dim, keepDim: true);
            return Elementwise.Subtract(g, Elementwise.Multiply(Unary.Exp(y), total));
        }
        var result = new float[y.Count];
        var gs = g.Span;
        var ys = y.Span;
        for (int o = 0; o < outer; o++)
        {
            var gRow = gs.Slice(o * size, size);
            var into = result.AsSpan(o * size, size);
            float total = TensorPrimitives.Sum(gRow);
            TensorPrimitives.Exp(ys.Slice(o * size, size), into);
            TensorPrimitives.MultiplyAdd(into, -total, gRow, into);
        }
        return Tensor.Wrap(result, y.Shape);
    }

    private static Tensor Compute(Tensor x, int dim, bool log)
    {
        dim = Dimensions.Normalize(dim, x.Dims, log ? "log_softmax" : "softmax");
        var (outer, size, inner) = Dimensions.Split(x.Dims, dim);
        if (x.Count == 0) return Tensor.Wrap([], x.Shape);
        if (inner != 1) return ComputeAlongInnerDim(x, dim, log);

        var result = new float[x.Count];
        var s = x.Span;
        float[]? scratch = log ? ArrayPool<float>.Shared.Rent(size) : null;
        try
        {
            for (int o = 0; o < outer; o++)
            {
                var row = s.Slice(o * size, size);
                var into = result.AsSpan(o * size, size);
                TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), into);
                if (!log)
                {
                    // exp once, then divide (TensorPrimitives.SoftMax would exponentiate twice)
                    TensorPrimitives.Exp(into, into);
                    TensorPrimitives.Divide(into, TensorPrimitives.Sum(into), into);
                    continue;
                }
                var exps = scratch.AsSpan(0, size);
                TensorPrimitives.Exp(into, exps);
                TensorPrimitives.Subtract(into, MathF.Log(TensorPrimitives.Sum(exps)), into);
            }
        }
        finally
        {
            if (scratch is not null) ArrayPool<float>.Shared.Return(scratch);
        }
        return Tensor.Wrap(result, x.Shape);
    }

    /// <summary>
    /// A dim other than the last: each outer block is <c>size</c> runs of length inner, and the
    /// maximum, the exponentials and their sum are taken run against run, all on whole spans.
    /// </summary>
    private static Tensor ComputeAlongInnerDim(Tensor x, int dim, bool log)
    {
        var (outer, size, inner) = Dimensions.Split(x.Dims, dim);
        var result = new float[x.Count];
        var s = x.Span;
        var pool = ArrayPool<float>.Shared;
        float[] max = pool.Rent(inner), total = pool.Rent(inner), exps = pool.Rent(inner);
        try
        {
            var m = max.AsSpan(0, inner);
            var t = total.AsSpan(0, inner);
            var e = exps.AsSpan(0, inner);
            for (int o = 0; o < outer; o++)
            {
                var block = s.Slice(o * size * inner, size * inner);
                var into = result.AsSpan(o * size * inner, size * inner);
                block[..inner].CopyTo(m);
                for (int j = 1; j < size; j++) TensorPrimitives.Max(m, block.Slice(j * inner, inner), m);
                t.Clear();
                for (int j = 0; j < size; j++)
                {
                    var run = into.Slice(j * inner, inner);
                    TensorPrimitives.Subtract(block.Slice(j * inner, inner), m, run);
                    if (log)
                    {
                        TensorPrimitives.Exp(run, e);
                        TensorPrimitives.Add(t, e, t);
                    }
                    else
                    {
                        TensorPrimitives.Exp(run, run);
                        TensorPrimitives.Add(t, run, t);
                    }
                }
                if (log) TensorPrimitives.Log(t, t);
                for (int j = 0; j < size; j++)
                {
                    var run = into.Slice(j * inner, inner);
                    if (log) TensorPrimitives.Subtract(run, t, run);
                    else TensorPrimitives.Divide(run, t, run);
                }
            }
        }
        finally
        {
            pool.Return(max);
            pool.Return(total);
            pool.Return(exps);
        }
        return Tensor.Wrap(result, x.Shape);
    }
}
