using System.Numerics.Tensors;

namespace Autograd.Optim;

/// <summary>
/// torch.optim.Adam's and AdamW's rule (1.13, <c>_single_tensor_adam</c>/<c>_single_tensor_adamw</c>).
/// The bias corrections are computed in double from the step count, as PyTorch does in Python,
/// and eps is added after the square root:
/// <code>
/// t = t + 1
/// p = p·(1 − lr·weight_decay)                 (AdamW: decay decoupled from the gradient)
/// g = g + weight_decay·p                      (Adam with weight_decay ≠ 0)
/// m = β1·m + (1 − β1)·g
/// v = β2·v + (1 − β2)·g·g
/// v̂ = max(v̂, v) (AMSGrad) or v
/// p = p − (lr / (1 − β1^t)) · m / (√v̂ / √(1 − β2^t) + eps)
/// </code>
/// </summary>
internal static class AdamUpdate
{
    public static void Apply(OptimizerSpec spec, Span<float> param, ReadOnlySpan<float> grad, ParameterState state)
    {
        int n = param.Length;
        var scratch = GC.AllocateUninitializedArray<float>(n);
        state.Steps += 1;
        double step = state.Steps;
        bool decoupled = spec.Kind == OptimizerSpec.AdamW;

        if (decoupled)
        {
            TensorPrimitives.Multiply(param, (float)(1.0 - (double)spec.Lr * spec.WeightDecay), param);
        }
        else if (spec.WeightDecay != 0f)
        {
            var decayed = GC.AllocateUninitializedArray<float>(n);
            TensorPrimitives.FusedMultiplyAdd(param, spec.WeightDecay, grad, decayed);
            grad = decayed;
        }

        var expAvg = state.Buffer(ParameterState.ExpAvg, n);
        var expAvgSq = state.Buffer(ParameterState.ExpAvgSq, n);
        TensorPrimitives.Multiply(expAvg, spec.Beta1, expAvg);
        TensorPrimitives.FusedMultiplyAdd(grad, (float)(1.0 - spec.Beta1), expAvg, expAvg);
        TensorPrimitives.Multiply(expAvgSq, spec.Beta2, expAvgSq);
        TensorPrimitives.Multiply(grad, (float)(1.0 - spec.Beta2), scratch);   // addcmul: (value·g)·g + v
        TensorPrimitives.Multiply(scratch, grad, scratch);
        TensorPrimitives.Add(expAvgSq, scratch, expAvgSq);

        double biasCorrection1 = 1.0 - Math.Pow(spec.Beta1, step);
        double biasCorrection2Sqrt = Math.Sqrt(1.0 - Math.Pow(spec.Beta2, step));
        double stepSize = spec.Lr / biasCorrection1;

        ReadOnlySpan<float> second = expAvgSq;
        if (spec.Amsgrad)
        {
            var max = state.Buffer(ParameterState.MaxExpAvgSq, n);
            TensorPrimitives.Max(max, expAvgSq, max);
            second = max;
        }
        // denom = √v̂ / √(1 − β2^t) + eps, in scratch
        TensorPrimitives.Sqrt(second, scratch);
        TensorPrimitives.Divide(scratch, (float)biasCorrection2Sqrt, scratch);
        TensorPrimitives.Add(scratch, spec.Eps, scratch);
        // addcdiv: p + ((−step_size)·m) / denom
        var numerator = GC.AllocateUninitializedArray<float>(n);
        TensorPrimitives.Multiply(expAvg, (float)-stepSize, numerator);
        TensorPrimitives.Divide(numerator, scratch, numerator);
        TensorPrimitives.Add(param, numerator, param);
    }
}
