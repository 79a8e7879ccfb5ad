namespace Autograd.Client.Optim;

/// <summary>
/// Sets an optimizer's learning rate from the number of <see cref="Step"/>s taken (epochs, usually),
/// like <c>torch.optim.lr_scheduler</c>: call <see cref="Step"/> after each epoch's optimizer steps.
/// Rates come from the closed form of each schedule in double precision (PyTorch's chainable forms
/// give the same values up to rounding), so a schedule resumed at <see cref="LastEpoch"/> is exact.
/// </summary>
public abstract class LearningRateScheduler
{
    protected LearningRateScheduler(Optimizer optimizer, int lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(lastEpoch);
        Optimizer = optimizer;
        LastEpoch = lastEpoch;
    }

    public Optimizer Optimizer { get; }

    /// <summary>Steps taken; the current rate is the schedule's value there.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The learning rate at the start: the optimizer's initial one.</summary>
    public float BaseLearningRate => Optimizer.InitialLearningRate;

    /// <summary>Sets the optimizer's rate for step <see cref="LastEpoch"/> (schedulers call it once they are built, as PyTorch's do).</summary>
    protected void Apply() => Optimizer.LearningRate = (float)RateAt(LastEpoch);

    /// <summary>Advances one epoch and sets the optimizer's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        Apply();
    }

    /// <summary>The schedule's learning rate after <paramref name="epoch"/> steps.</summary>
    protected abstract double RateAt(int epoch);
}
