using System.Numerics.Tensors;

namespace Autograd.Optim;

/// <summary>
/// torch.optim.SGD's rule (1.13, <c>_single_tensor_sgd</c>), in float32 with the scalars PyTorch
/// derives in double (<c>1 - dampening</c>, <c>-lr</c>) rounded once, as ATen does:
/// <code>
/// d = g + weight_decay·p                      (when weight_decay ≠ 0)
/// b = d on the first step, else momentum·b + (1 − dampening)·d     (when momentum ≠ 0)
/// d = d + momentum·b (Nesterov) or b
/// p = p − lr·d
/// </code>
/// The first step's buffer is the gradient itself, without dampening.
/// </summary>
internal static class SgdUpdate
{
    public static void Apply(OptimizerSpec spec, Span<float> param, ReadOnlySpan<float> grad, ParameterState state)
    {
        ReadOnlySpan<float> direction = grad;
        float[]? scratch = null;
        if (spec.WeightDecay != 0f)
        {
            scratch = GC.AllocateUninitializedArray<float>(param.Length);
            TensorPrimitives.FusedMultiplyAdd(param, spec.WeightDecay, grad, scratch);
            direction = scratch;
        }
        if (spec.Momentum != 0f)
        {
            bool first = !state.Has(ParameterState.MomentumBuffer);
            var buffer = state.Buffer(ParameterState.MomentumBuffer, param.Length);
            if (first)
            {
                direction.CopyTo(buffer);
            }
            else
            {
                TensorPrimitives.Multiply(buffer, spec.Momentum, buffer);
                TensorPrimitives.FusedMultiplyAdd(direction, (float)(1.0 - spec.Dampening), buffer, buffer);
            }
            if (spec.Nesterov)
            {
                scratch ??= GC.AllocateUninitializedArray<float>(param.Length);
                TensorPrimitives.FusedMultiplyAdd(buffer, spec.Momentum, direction, scratch);
                direction = scratch;
            }
            else
            {
                direction = buffer;
            }
        }
        TensorPrimitives.FusedMultiplyAdd(direction, -spec.Lr, param, param);
    }
}
