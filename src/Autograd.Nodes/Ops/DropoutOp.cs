using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Dropout in training mode: each element is zeroed with probability p (<see cref="OpSpec.Scalar"/>)
/// and the others scaled by 1/(1−p), as PyTorch; p = 1 zeroes everything. The mask is a hash of
/// (<see cref="OpSpec.Seed"/>, the element's position in the whole tensor) (<see cref="DropoutMask"/>),
/// so the VJP draws the same mask again instead of keeping it, and a row shard, whose first row is
/// <see cref="OpSpec.Start"/>, draws exactly its rows of the unsharded mask. The client draws the seed
/// from the session's generator and builds no node at all when p = 0 or outside training.
/// </summary>
public sealed class DropoutOp(OpSpec spec) : Op(spec)
{
    // PyTorch 1.13 builds CPU dropout from a mask multiply (MulBackward); its fused kernel is this one.
    public override string GradFnName => "NativeDropoutBackward";

    /// <summary>Per shard with the shard's first row, so every shard draws its rows of the whole tensor's mask.</summary>
    public override ShardingRule Sharding(ShardingQuery query) => ShardingRule.PerShardWithRowOffset;

    public override int Arity => 1;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        float p = Spec.Scalar;
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentException($"{Name}: dropout probability has to be between 0 and 1, but got {p} (input {Tensor.ShapeText(inputShapes[0])})");
        return (int[])inputShapes[0].Clone();
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Elementwise.Multiply(inputs[0], Mask(inputs[0]));

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? Elementwise.Multiply(gradOutput, Mask(inputs[0])) : null];

    /// <summary>The factor of each element: 1/(1−p) where kept, 0 where dropped.</summary>
    private Tensor Mask(Tensor x)
    {
        long rowSize = x.Rank == 0 || x.Dims[0] == 0 ? 1 : x.Count / x.Dims[0];
        var mask = Buffers.Uninitialized(x.Count);
        DropoutMask.Fill(Spec.Seed, Spec.Start * rowSize, Spec.Scalar, mask);
        return Tensor.Wrap(mask, x.SharedShape);
    }
}
