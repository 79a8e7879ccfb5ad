namespace Autograd.Client.Optim;

/// <summary>Decays the learning rate by <c>gamma</c> every <c>stepSize</c> epochs: lr = base · gamma^⌊epoch / stepSize⌋ (torch.optim.lr_scheduler.StepLR).</summary>
public sealed class StepLR : LearningRateScheduler
{
    public StepLR(Optimizer optimizer, int stepSize, float gamma = 0.1f, int lastEpoch = 0) : base(optimizer, lastEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        StepSize = stepSize;
        Gamma = gamma;
        Apply();
    }

    public int StepSize { get; }

    public float Gamma { get; }

    protected override double RateAt(int epoch) => BaseLearningRate * Math.Pow(Gamma, epoch / StepSize);
}
