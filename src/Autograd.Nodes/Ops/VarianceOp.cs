using System.Numerics.Tensors;
using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// var and std of every element (Dim null, shape []) or along Dim (KeepDim keeps it as size 1),
/// with Bessel's correction when Unbiased: M2 / (n - 1), M2 = Σ (x - mean)² from two passes.
/// VJP of var: g · 2 (x - mean) / (n - correction); of std: the same with g / (2 std), 0 where
/// std is 0 (as PyTorch 1.13's std_backward).
/// </summary>
public abstract class VarianceOp(OpSpec spec) : Op(spec)
{
    /// <summary>True for std (the square root of the variance).</summary>
    protected abstract bool Root { get; }

    public sealed override int Arity => 1;

    private int Correction => Spec.Unbiased ? 1 : 0;

    public sealed override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        return Spec.Dim is int dim ? Dimensions.Reduced(shape, Dimensions.Normalize(dim, shape, Name), Spec.KeepDim) : [];
    }

    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        int? dim = ReducedDim(x.Dims);
        var moments = Reductions.MomentsOf(x, dim);
        var m2 = moments.M2;
        TensorPrimitives.Divide(m2, Math.Max(0, moments.Count - Correction), m2);
        if (Root) TensorPrimitives.Sqrt(m2, m2);
        return Tensor.Wrap(m2, InferShape([x.Shape]));
    }

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null];
        var x = inputs[0];
        int? dim = ReducedDim(x.Dims);
        var keptShape = dim is int d ? Dimensions.Reduced(x.Dims, d, keepDim: true) : [];
        var moments = Reductions.MomentsOf(x, dim);
        var gradOfVariance = Root ? GradOfVarianceFromStd(gradOutput, output) : gradOutput;
        var scaled = Elementwise.WithScalar(Arithmetic.Multiply, gradOfVariance.Reshape(keptShape), 2f / (moments.Count - Correction));
        return [Elementwise.Multiply(Deviations(x, moments, keptShape), scaled)];
    }

    /// <summary>
    /// x minus the exact mean: the float32 mean, then its remainder (far from zero the float32 mean
    /// alone is off by half an ulp of x, a large part of the deviations of nearby values).
    /// </summary>
    private static Tensor Deviations(Tensor x, Moments moments, int[] keptShape) =>
        Elementwise.Subtract(
            Elementwise.Subtract(x, Tensor.Wrap(moments.Mean, keptShape)),
            Tensor.Wrap(moments.Remainder, keptShape));

    /// <summary>g / (2 std), 0 where std is 0 (PyTorch 1.13's std_backward masks it).</summary>
    internal static Tensor GradOfVarianceFromStd(Tensor gradOutput, Tensor std)
    {
        var g = gradOutput.Span;
        var s = std.Span;
        var result = new float[g.Length];
        for (int i = 0; i < result.Length; i++) result[i] = s[i] == 0f ? 0f : g[i] / (2f * s[i]);
        return Tensor.Wrap(result, std.Shape);
    }

    /// <summary>
    /// Along a dim other than 0 every shard on its own. Over dim 0 or everything, every shard's count,
    /// mean and M2 (<c>moments</c>) are joined with Chan's update on the first shard's member.
    /// </summary>
    public sealed override ShardingRule Sharding(ShardingQuery query)
    {
        var shape = query.InputShapes[0];
        int? dim = ReducedDim(shape);
        if (dim > 0) return ShardingRule.PerShard;
        if (shape.Length == 0) return ShardingRule.GatherFirst;
        return new ShardingRule.Partials(
            new OpSpec("moments", Dim: dim),
            new OpSpec(Root ? "std_partials" : "var_partials", Dim: dim, KeepDim: Spec.KeepDim, Unbiased: Spec.Unbiased));
    }

    private int? ReducedDim(ReadOnlySpan<int> shape) => Spec.Dim is int dim ? Dimensions.Normalize(dim, shape, Name) : null;
}
