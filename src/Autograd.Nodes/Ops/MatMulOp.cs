using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Matrix product as PyTorch's matmul for ranks 1 and 2: [m,k]@[k,n] → [m,n], [m,k]@[k] → [m],
/// [k]@[k,n] → [n], [k]@[k] → [] (dot). A 1-D left operand is a 1×k row and a 1-D right operand
/// a k×1 column, which have the same memory layout, so every case is one GEMM. The VJP is two
/// more GEMMs reading the operands transposed in place: dA = dC·Bᵀ, dB = Aᵀ·dC.
/// </summary>
public sealed class MatMulOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "MmBackward";
    public override int Arity => 2;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] a = inputShapes[0], b = inputShapes[1];
        if (a.Length is < 1 or > 2 || b.Length is < 1 or > 2)
            throw new ArgumentException(
                $"matmul: both arguments must be 1-D or 2-D, got shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)}");
        var (m, k, n) = Sizes(a, b);
        if (a[^1] != b[0])
            throw new ArgumentException(
                $"matmul: shapes cannot be multiplied ({m}x{a[^1]} and {b[0]}x{n}) (shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)})");
        return (a.Length, b.Length) switch
        {
            (2, 2) => [m, n],
            (2, 1) => [m],
            (1, 2) => [n],
            _ => [],
        };
    }

    /// <summary>Rows of a sharded matrix times a replicated one are independent: per shard (dB sums the shards' partials where B lives).</summary>
    public override ShardingRule Sharding(ShardingQuery query) =>
        query.Sharded[0] && !query.Sharded[1] && query.InputShapes[0].Length == 2 ? ShardingRule.PerShard : ShardingRule.GatherFirst;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        Tensor a = inputs[0], b = inputs[1];
        var (m, k, n) = Sizes(a.Dims, b.Dims);
        var c = Buffers.Uninitialized(m * n);   // Gemm overwrites every element when not accumulating
        Gemm.Multiply(a.Span, false, b.Span, false, c, m, n, k);
        int[] shape = (a.Rank, b.Rank) switch
        {
            (2, 2) => [m, n],
            (2, 1) => [m],
            (1, 2) => [n],
            _ => [],
        };
        return Tensor.Wrap(c, shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        Tensor a = inputs[0], b = inputs[1];
        var (m, k, n) = Sizes(a.Dims, b.Dims);
        Tensor? da = null, db = null;
        if (needsGrad[0])
        {
            var grad = Buffers.Uninitialized(m * k);
            Gemm.Multiply(gradOutput.Span, false, b.Span, true, grad, m, k, n);   // (m×n)·(n×k)
            da = Tensor.Wrap(grad, a.SharedShape);
        }
        if (needsGrad[1])
        {
            var grad = Buffers.Uninitialized(k * n);
            Gemm.Multiply(a.Span, true, gradOutput.Span, false, grad, k, n, m);   // (k×m)·(m×n)
            db = Tensor.Wrap(grad, b.SharedShape);
        }
        return [da, db];
    }

    /// <summary>m, k, n with a 1-D left operand as one row and a 1-D right operand as one column.</summary>
    private static (int M, int K, int N) Sizes(ReadOnlySpan<int> a, ReadOnlySpan<int> b) =>
        (a.Length == 2 ? a[0] : 1, a[^1], b.Length == 2 ? b[1] : 1);
}
