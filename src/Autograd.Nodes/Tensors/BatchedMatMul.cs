namespace Autograd.Tensors;

/// <summary>
/// <c>torch.matmul</c>'s layout for operands of any rank ≥ 1, and its product and VJP as GEMMs
/// (<see cref="Gemm.Multiply"/>, which reads a transposed operand in place). A 1-D left operand is
/// a 1×k row and a 1-D right operand a k×1 column (same memory, so no copy), removed again from the
/// result; dims before the last two are batch dims, broadcast against each other.
/// </summary>
/// <remarks>
/// When the right operand is a single matrix (no batch, or batch sizes all 1) every batch of the
/// left one is a block of rows of one [batch·m, k] matrix: the whole product is one GEMM, as a
/// 2-D one (this covers [*, m, k] @ [k, n], the linear layers of a transformer). Otherwise one GEMM
/// per batch matrix; a gradient for an operand that was broadcast over batches is accumulated
/// into that operand's matrix, so no gradient in the broadcast shape is ever built.
/// </remarks>
public sealed class BatchedMatMul
{
    private readonly int[] _aIndex, _bIndex;   // for each output batch, the batch matrix of a and of b it reads

    private BatchedMatMul(int[] a, int[] b, int[] batch, int m, int k, int n, int[] outputShape)
    {
        ShapeA = a;
        ShapeB = b;
        Batch = batch;
        (M, K, N) = (m, k, n);
        OutputShape = outputShape;
        BatchCount = Count(batch);
        BatchA = a.Length > 2 ? a[..^2] : [];
        BatchB = b.Length > 2 ? b[..^2] : [];
        _aIndex = BroadcastIndices(batch, BatchA);
        _bIndex = BroadcastIndices(batch, BatchB);
    }

    public int[] ShapeA { get; }
    public int[] ShapeB { get; }

    /// <summary>The broadcast batch dims of the result (empty for a plain 1-D or 2-D product).</summary>
    public int[] Batch { get; }

    /// <summary>The batch dims of each operand (before broadcasting).</summary>
    public int[] BatchA { get; }
    public int[] BatchB { get; }

    public int M { get; }
    public int K { get; }
    public int N { get; }
    public int BatchCount { get; }
    public int[] OutputShape { get; }

    /// <summary>B is one matrix for every batch: the product folds into one [batch·m, k] @ [k, n] GEMM.</summary>
    private bool Folds => Count(BatchB) == 1;

    /// <summary>
    /// The layout of <paramref name="a"/> @ <paramref name="b"/>, or an <see cref="ArgumentException"/>
    /// in PyTorch's words naming <paramref name="op"/> and both shapes.
    /// </summary>
    public static BatchedMatMul Plan(string op, int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0)
            throw new ArgumentException(
                $"{op}: both arguments to matmul need to be at least 1D, but they are {a.Length}D and {b.Length}D " +
                $"(shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)})");
        int m = a.Length >= 2 ? a[^2] : 1, k = a[^1];
        int kb = b.Length >= 2 ? b[^2] : b[0], n = b.Length >= 2 ? b[^1] : 1;
        if (k != kb)
            throw new ArgumentException(
                $"{op}: shapes cannot be multiplied ({m}x{k} and {kb}x{n}) (shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)})");
        int[] batch;
        try
        {
            batch = Broadcasting.Shape(op, a.Length > 2 ? a.AsSpan(..^2) : [], b.Length > 2 ? b.AsSpan(..^2) : []);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"{op}: the batch dimensions do not broadcast (shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)}): {e.Message}", e);
        }
        int[] output = [.. batch, .. a.Length >= 2 ? [m] : Array.Empty<int>(), .. b.Length >= 2 ? [n] : Array.Empty<int>()];
        return new BatchedMatMul(a, b, batch, m, k, n, output);
    }

    /// <summary>C = A @ B in <see cref="OutputShape"/>.</summary>
    public Tensor Multiply(Tensor a, Tensor b)
    {
        var c = Buffers.Uninitialized(Tensor.CheckShape(OutputShape));   // Gemm overwrites every element when not accumulating
        if (Folds)
        {
            Gemm.Multiply(a.Span, false, b.Span, false, c, Count(BatchA) * M, N, K);
            return Tensor.Wrap(c, OutputShape);
        }
        for (int t = 0; t < BatchCount; t++)
            Gemm.Multiply(MatrixA(a, t), false, MatrixB(b, t), false, c.AsSpan(t * M * N, M * N), M, N, K);
        return Tensor.Wrap(c, OutputShape);
    }

    /// <summary>dA = dC · Bᵀ per batch, summed over the batches where A was broadcast; in A's shape.</summary>
    public Tensor GradientOfA(Tensor gradOutput, Tensor b)
    {
        int count = Count(BatchA);
        bool broadcast = count != BatchCount;   // fewer: summed over the batches; more (an empty batch): zeros
        var da = broadcast ? new float[count * M * K] : Buffers.Uninitialized(count * M * K);
        if (Folds)
        {
            Gemm.Multiply(gradOutput.Span, false, b.Span, true, da, count * M, K, N);   // (bm×n)·(n×k)
            return Tensor.Wrap(da, ShapeA);
        }
        var g = gradOutput.Span;
        for (int t = 0; t < BatchCount; t++)
            Gemm.Multiply(g.Slice(t * M * N, M * N), false, MatrixB(b, t), true, da.AsSpan(_aIndex[t] * M * K, M * K), M, K, N,
                accumulate: broadcast);
        return Tensor.Wrap(da, ShapeA);
    }

    /// <summary>dB = Aᵀ · dC per batch, summed over the batches where B was broadcast; in B's shape.</summary>
    public Tensor GradientOfB(Tensor gradOutput, Tensor a)
    {
        int count = Count(BatchB);
        bool broadcast = count != BatchCount;
        if (Folds)
        {
            int rows = Count(BatchA) * M;
            var single = Buffers.Uninitialized(K * N);
            Gemm.Multiply(a.Span, true, gradOutput.Span, false, single, K, N, rows);   // (k×bm)·(bm×n)
            return Tensor.Wrap(single, ShapeB);
        }
        var db = broadcast ? new float[count * K * N] : Buffers.Uninitialized(count * K * N);
        var g = gradOutput.Span;
        for (int t = 0; t < BatchCount; t++)
            Gemm.Multiply(MatrixA(a, t), true, g.Slice(t * M * N, M * N), false, db.AsSpan(_bIndex[t] * K * N, K * N), K, N, M,
                accumulate: broadcast);
        return Tensor.Wrap(db, ShapeB);
    }

    private ReadOnlySpan<float> MatrixA(Tensor a, int t) => a.Span.Slice(_aIndex[t] * M * K, M * K);

    private ReadOnlySpan<float> MatrixB(Tensor b, int t) => b.Span.Slice(_bIndex[t] * K * N, K * N);

    /// <summary>
    /// For each batch index of <paramref name="batch"/> (row-major), the index of the matrix it reads in
    /// an operand with batch dims <paramref name="own"/> (aligned at the end; size 1 repeats).
    /// </summary>
    private static int[] BroadcastIndices(int[] batch, int[] own)
    {
        var indices = new int[Count(batch)];
        var position = new int[batch.Length];
        int offset = batch.Length - own.Length;
        for (int t = 0; t < indices.Length; t++)
        {
            int index = 0;
            for (int d = 0; d < own.Length; d++)
                index = index * own[d] + (own[d] == 1 ? 0 : position[offset + d]);
            indices[t] = index;
            for (int d = batch.Length - 1; d >= 0 && ++position[d] == batch[d]; d--) position[d] = 0;   // next row-major index
        }
        return indices;
    }

    private static int Count(ReadOnlySpan<int> shape)
    {
        int count = 1;
        foreach (var size in shape) count *= size;
        return count;
    }
}
