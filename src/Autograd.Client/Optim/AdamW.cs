using Autograd.Optim;

namespace Autograd.Client.Optim;

/// <summary>Adam with decoupled weight decay (the parameter shrinks by lr·weight_decay each step): torch.optim.AdamW (1.13).</summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<Variable> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f,
        float weightDecay = 1e-2f, bool amsgrad = false)
        : base(OptimizerSpec.AdamW, parameters, lr, beta1, beta2, eps, weightDecay, amsgrad)
    {
    }
}
