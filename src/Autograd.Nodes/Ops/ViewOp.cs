namespace Autograd.Ops;

/// <summary>
/// An op that gives the same elements in the same order under another shape (unsqueeze, squeeze,
/// flatten): no copy, since tensors are immutable; d/dx = g under the input's shape. Each op has its
/// shape rule and decides whether its shape keeps row shards apart.
/// </summary>
public abstract class ViewOp(OpSpec spec) : Op(spec)
{
    public sealed override int Arity => 1;
    public sealed override bool SavesTensors => false;

    public sealed override Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0].Reshape(InferShape([inputs[0].Shape]));

    public sealed override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? gradOutput.Reshape(inputs[0].Shape) : null];
}
