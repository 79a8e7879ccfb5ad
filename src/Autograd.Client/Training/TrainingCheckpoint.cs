using System.Globalization;

namespace Autograd.Client.Training;

/// <summary>
/// A training run on disk: <c>model.safetensors</c> holds the weights under PyTorch's names (it loads
/// into the equivalent <c>torch.nn.Sequential</c>), <c>optimizer.safetensors</c> the optimizer's state
/// with the epochs done and the options that shape the run in its metadata.
/// </summary>
public static class TrainingCheckpoint
{
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";

    internal static async Task SaveAsync(string directory, ClassifierTrainer trainer)
    {
        Directory.CreateDirectory(directory);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["epochs_done"] = trainer.EpochsDone.ToString(CultureInfo.InvariantCulture),
            ["optimizer"] = trainer.Options.Optimizer,
            ["hidden"] = trainer.Options.Hidden.ToString(CultureInfo.InvariantCulture),
            ["seed"] = trainer.Options.Seed.ToString(CultureInfo.InvariantCulture),
        };
        await Checkpoint.SaveAsync(Path.Combine(directory, ModelFile), trainer.Model.StateDict(), new Dictionary<string, string> { ["format"] = "pt" });
        Checkpoint.Save(Path.Combine(directory, OptimizerFile), await trainer.Optimizer.StateDictAsync(), metadata);
    }

    /// <summary>Restores weights and optimizer state; returns the epochs done. A checkpoint of another optimizer or seed is refused (another width fails on the shapes).</summary>
    internal static async Task<int> LoadAsync(string directory, ClassifierTrainer trainer)
    {
        string model = Path.Combine(directory, ModelFile), optimizer = Path.Combine(directory, OptimizerFile);
        foreach (var file in new[] { model, optimizer })
            if (!File.Exists(file)) throw new FileNotFoundException($"cannot resume: {file} does not exist", file);
        var metadata = Checkpoint.LoadMetadata(optimizer);
        if (metadata.GetValueOrDefault("optimizer") is { } saved && saved != trainer.Options.Optimizer)
            throw new InvalidDataException($"cannot resume: the checkpoint in {directory} was trained with {saved}, not {trainer.Options.Optimizer}");
        // the seed orders every epoch's batches: another one would not continue the same run
        var seed = trainer.Options.Seed.ToString(CultureInfo.InvariantCulture);
        if (metadata.GetValueOrDefault("seed") is { } savedSeed && savedSeed != seed)
            throw new InvalidDataException($"cannot resume: the checkpoint in {directory} was trained with seed {savedSeed}, not {seed}");
        if (!int.TryParse(metadata.GetValueOrDefault("epochs_done"), NumberStyles.None, CultureInfo.InvariantCulture, out int epochs))
            throw new InvalidDataException($"cannot resume: {optimizer} does not say how many epochs were done");
        await trainer.Model.LoadStateDictAsync(Checkpoint.Load(model));
        await trainer.Optimizer.LoadStateDictAsync(Checkpoint.Load(optimizer));
        return epochs;
    }
}
