using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// A linear layer, y = x·Wᵀ + b, as one node (<c>torch.nn.functional.linear</c>): x [*, in], W
/// [out, in] (PyTorch's layout), b [out] when <see cref="OpSpec.Parts"/> is 3 (2: no bias). One
/// node instead of transpose, matmul and add saves two actors and a copy of Wᵀ per step; the GEMM
/// reads W transposed in place. VJP: dx = g·W, dW = gᵀ·x, db = Σ_rows g.
/// Sharding: x row-sharded with W and b replicated runs per shard (each shard's rows are
/// independent); W's gradient is then the sum of the shards' partials, arriving where W lives.
/// </summary>
public sealed class LinearOp(OpSpec spec) : Op(spec)
{
    private bool HasBias => Spec.Parts != 2;

    public override string GradFnName => HasBias ? "AddmmBackward" : "MmBackward";
    public override int Arity => HasBias ? 3 : 2;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] x = inputShapes[0], w = inputShapes[1];
        if (w.Length != 2)
            throw new ArgumentException($"linear: the weight must be 2-D [out_features, in_features], got {Tensor.ShapeText(w)}");
        if (x.Length < 1 || x[^1] != w[1])
            throw new ArgumentException(
                $"linear: mat1 and mat2 shapes cannot be multiplied (input {Tensor.ShapeText(x)}, weight {Tensor.ShapeText(w)}: " +
                $"the input's last size must be in_features = {w[1]})");
        if (HasBias && !(inputShapes[2] is [var b] && b == w[0]))
            throw new ArgumentException(
                $"linear: the bias must have shape [{w[0]}] (out_features), got {Tensor.ShapeText(inputShapes[2])}");
        var shape = (int[])x.Clone();
        shape[^1] = w[0];
        return shape;
    }

    public override ShardingRule Sharding(ShardingQuery query) =>
        query.Sharded[0] && !query.Sharded.Skip(1).Any(s => s) && query.InputShapes[0].Length >= 2
            ? ShardingRule.PerShard
            : ShardingRule.GatherFirst;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        Tensor x = inputs[0], w = inputs[1];
        var (m, k, n) = Sizes(x, w);
        var y = Buffers.Uninitialized(m * n);
        Gemm.Multiply(x.Span, false, w.Span, true, y, m, n, k);
        if (HasBias)
        {
            var bias = inputs[2].Span;
            for (int row = 0; row < m; row++) VectorLoops.Binary<AddOperator>(y.AsSpan(row * n, n), bias, y.AsSpan(row * n, n));
        }
        var shape = x.Shape;
        shape[^1] = n;
        return Tensor.Wrap(y, shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        Tensor x = inputs[0], w = inputs[1];
        var (m, k, n) = Sizes(x, w);
        var grads = new Tensor?[Arity];
        if (needsGrad[0])
        {
            var dx = Buffers.Uninitialized(m * k);
            Gemm.Multiply(gradOutput.Span, false, w.Span, false, dx, m, k, n);   // (m×n)·(n×k)
            grads[0] = Tensor.Wrap(dx, x.SharedShape);
        }
        if (needsGrad[1])
        {
            var dw = Buffers.Uninitialized(n * k);
            Gemm.Multiply(gradOutput.Span, true, x.Span, false, dw, n, k, m);    // (n×m)·(m×k)
            grads[1] = Tensor.Wrap(dw, w.SharedShape);
        }
        if (HasBias && needsGrad[2])
        {
            var db = new float[n];
            Broadcasting.SumRows(gradOutput.Span, db);
            grads[2] = Tensor.Wrap(db, inputs[2].SharedShape);
        }
        return grads;
    }

    /// <summary>m rows of x (every leading dimension), k = in_features, n = out_features.</summary>
    private static (int M, int K, int N) Sizes(Tensor x, Tensor w)
    {
        int m = 1;
        foreach (var size in x.Dims[..^1]) m *= size;
        return (m, w.Dims[1], w.Dims[0]);
    }
}
