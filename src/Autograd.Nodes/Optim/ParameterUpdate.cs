namespace Autograd.Optim;

/// <summary>
/// One optimizer step of one parameter (or one shard of it), run on the member that holds it:
/// the new value from the old one, its gradient and its state. Tensors are immutable once
/// published, so the new value is a new tensor (a graph built before the step keeps the value it
/// read); the state's buffers are the node's own and change in place.
/// </summary>
public static class ParameterUpdate
{
    public static Tensor Apply(OptimizerSpec spec, Tensor value, Tensor grad, ParameterState state)
    {
        if (!grad.Dims.SequenceEqual(value.Dims))
            throw new ArgumentException(
                $"the gradient has shape {Tensor.ShapeText(grad.Dims)} but the parameter has shape {Tensor.ShapeText(value.Dims)}");
        var updated = GC.AllocateUninitializedArray<float>(value.Count);
        value.Span.CopyTo(updated);
        switch (spec.Kind)
        {
            case OptimizerSpec.Sgd: SgdUpdate.Apply(spec, updated, grad.Span, state); break;
            case OptimizerSpec.Adam or OptimizerSpec.AdamW: AdamUpdate.Apply(spec, updated, grad.Span, state); break;
            default: throw new ArgumentException($"unknown optimizer '{spec.Kind}'");
        }
        return Tensor.Wrap(updated, value.Shape);
    }
}
