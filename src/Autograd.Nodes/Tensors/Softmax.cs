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
        dim = Dimensions.Normalize(dim, y.Rank, "softmax");
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
        dim = Dimensions.Normalize(dim, y.Rank, "log_softmax");
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
        dim = Dimensions.Normalize(dim, x.Rank, log ? "log_softmax" : "softmax");
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
                    TensorPrimitives.SoftMax(into, into);
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

    private static Tensor ComputeAlongInnerDim(Tensor x, int dim, bool log)
    {
        var shifted = Elementwise.Subtract(x, Reductions.Max(x, dim, keepDim: true));
        var exps = Unary.Exp(shifted);
        var total = Reductions.Sum(exps, dim, keepDim: true);
        return log
            ? Elementwise.Subtract(shifted, Unary.Log(total))
            : Elementwise.Divide(exps, total);
    }
}
