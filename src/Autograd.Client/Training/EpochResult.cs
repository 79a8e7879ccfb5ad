namespace Autograd.Client.Training;

/// <summary>One epoch of training: the mean minibatch loss, the accuracy on the test set afterwards, and how long its steps took.</summary>
public sealed record EpochResult(int Epoch, int Steps, double Loss, double TestAccuracy, TimeSpan Elapsed, float LearningRate)
{
    public double StepsPerSecond => Steps / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Where an epoch is, for live progress: steps done out of the epoch's steps, and the running mean loss.</summary>
public readonly record struct StepProgress(int Epoch, int Step, int Steps, double MeanLoss, double StepsPerSecond);
