using Autograd.Optim;

namespace Autograd.Client.Optim;

/// <summary>Adam with bias correction, L2 weight decay added to the gradient and optional AMSGrad: torch.optim.Adam (1.13).</summary>
public class Adam : Optimizer
{
    private readonly OptimizerSpec _spec;

    public Adam(IEnumerable<Variable> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f,
        float weightDecay = 0, bool amsgrad = false)
        : this(OptimizerSpec.Adam, parameters, lr, beta1, beta2, eps, weightDecay, amsgrad)
    {
    }

    private protected Adam(string kind, IEnumerable<Variable> parameters, float lr, float beta1, float beta2, float eps,
        float weightDecay, bool amsgrad)
        : base(parameters, lr)
    {
        _spec = new OptimizerSpec(kind, lr, weightDecay, Beta1: beta1, Beta2: beta2, Eps: eps, Amsgrad: amsgrad).Validate();
    }

    public float Beta1 => _spec.Beta1;
    public float Beta2 => _spec.Beta2;
    public float Eps => _spec.Eps;
    public float WeightDecay => _spec.WeightDecay;
    public bool Amsgrad => _spec.Amsgrad;

    private protected override OptimizerSpec Spec => _spec with { Lr = LearningRate };
}
