using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// argmax and argmin along Dim (required; KeepDim keeps it as size 1): the index of the first
/// extreme, as PyTorch's CPU kernel picks (NaN counts as the extreme), as float32 holding an
/// integer. Not differentiable: the result never requires grad.
/// </summary>
public abstract class ArgExtremumOp(OpSpec spec) : Op(spec)
{
    /// <summary>True for argmax, false for argmin.</summary>
    protected abstract bool Largest { get; }

    public sealed override int Arity => 1;
    public sealed override bool IsDifferentiable(int input) => false;

    public sealed override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (Spec.Dim is null) throw new ArgumentException($"{Name}: a dim is required (shape {Tensor.ShapeText(inputShapes[0])})");
        return ExtremumOp.ReducedShape(Spec, inputShapes[0]);
    }

    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        int d = Dimensions.Normalize(Spec.Dim!.Value, x.Dims, Name);
        var (_, indices) = Reductions.Extremum(x, d, Largest);
        return Tensor.Wrap(indices, Dimensions.Reduced(x.Dims, d, Spec.KeepDim));
    }

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) => [null];

    /// <summary>Per shard along a dim other than 0; over dim 0, the shards' extremes with their indices, joined into global indices.</summary>
    public sealed override ShardingRule Sharding(ShardingQuery query) =>
        ExtremumOp.PartialsOrPerShard(Spec, query, Largest ? "argmax_partials" : "argmin_partials", Largest);
}
