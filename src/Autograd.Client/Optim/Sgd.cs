using Autograd.Optim;

namespace Autograd.Client.Optim;

/// <summary>Stochastic gradient descent with optional momentum, dampening, weight decay and Nesterov momentum: torch.optim.SGD (1.13).</summary>
public sealed class Sgd : Optimizer
{
    private readonly OptimizerSpec _spec;

    public Sgd(IEnumerable<Variable> parameters, float lr, float momentum = 0, float dampening = 0, float weightDecay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        _spec = new OptimizerSpec(OptimizerSpec.Sgd, lr, weightDecay, momentum, dampening, nesterov).Validate();
    }

    public float Momentum => _spec.Momentum;
    public float Dampening => _spec.Dampening;
    public float WeightDecay => _spec.WeightDecay;
    public bool Nesterov => _spec.Nesterov;

    private protected override OptimizerSpec Spec => _spec with { Lr = LearningRate };
}
