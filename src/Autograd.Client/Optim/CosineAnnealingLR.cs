namespace Autograd.Client.Optim;

/// <summary>
/// Anneals the learning rate along half a cosine from its base to <c>etaMin</c> over <c>tMax</c>
/// epochs: lr = etaMin + (base − etaMin)·(1 + cos(π·epoch/tMax))/2 (torch.optim.lr_scheduler.CosineAnnealingLR,
/// whose recursive form follows this curve; past tMax it rises again, as PyTorch's does).
/// </summary>
public sealed class CosineAnnealingLR : LearningRateScheduler
{
    public CosineAnnealingLR(Optimizer optimizer, int tMax, float etaMin = 0f, int lastEpoch = 0) : base(optimizer, lastEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
        TMax = tMax;
        EtaMin = etaMin;
        Apply();
    }

    public int TMax { get; }

    public float EtaMin { get; }

    protected override double RateAt(int epoch) =>
        EtaMin + ((double)BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2;
}
