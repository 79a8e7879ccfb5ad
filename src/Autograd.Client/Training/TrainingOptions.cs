namespace Autograd.Client.Training;

/// <summary>
/// How <see cref="ClassifierTrainer"/> trains: an MLP features → <see cref="Hidden"/> (ReLU) → classes,
/// minibatches shuffled per epoch from <see cref="Seed"/>, and an optimizer with an optional schedule.
/// The defaults reach over 95% test accuracy on the digits set in a few seconds.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 64;
    public int Hidden { get; init; } = 128;

    /// <summary><c>sgd</c>, <c>adam</c> or <c>adamw</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    public float LearningRate { get; init; } = 0.005f;

    /// <summary>SGD's momentum (ignored by Adam and AdamW).</summary>
    public float Momentum { get; init; } = 0.9f;

    public float WeightDecay { get; init; }

    /// <summary><c>none</c>, <c>cosine</c> (annealed to 0 over <see cref="Epochs"/>) or <c>step</c> (halved every quarter of them).</summary>
    public string Schedule { get; init; } = "cosine";

    /// <summary>Seeds the initial weights and the shuffling.</summary>
    public int Seed { get; init; }

    public static readonly string[] Optimizers = ["sgd", "adam", "adamw"];
    public static readonly string[] Schedules = ["none", "cosine", "step"];

    /// <summary>Every problem with these options, as messages a command line can print (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Epochs < 1) problems.Add($"epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) problems.Add($"batch size must be at least 1, got {BatchSize}");
        if (Hidden < 1) problems.Add($"hidden width must be at least 1, got {Hidden}");
        if (!Optimizers.Contains(Optimizer)) problems.Add($"optimizer must be one of {string.Join(", ", Optimizers)}, got '{Optimizer}'");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) problems.Add($"learning rate must be a positive number, got {LearningRate}");
        if (!(Momentum >= 0) || Momentum >= 1) problems.Add($"momentum must be in [0, 1), got {Momentum}");
        if (!(WeightDecay >= 0)) problems.Add($"weight decay must be non-negative, got {WeightDecay}");
        if (!Schedules.Contains(Schedule)) problems.Add($"schedule must be one of {string.Join(", ", Schedules)}, got '{Schedule}'");
        return problems;
    }
}
