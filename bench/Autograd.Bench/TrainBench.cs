using Autograd.Client;
using Autograd.Client.Cluster;
using Autograd.Client.Data;
using Autograd.Client.Nn;
using Autograd.Client.Training;

namespace Autograd.Bench;

/// <summary>
/// <c>train [--epochs N]</c>: the digits training job (<see cref="ClassifierTrainer"/> with its default
/// options) on embedded engines of 1 and 3 members, beside the same job in PyTorch on 1 and 3
/// processes (bench/reference/train.py, gloo DDP for 3) with the same initial weights and batches.
/// Per member count: time per epoch (median over the epochs after the first, which includes JIT
/// warm-up; the first printed too), test accuracy after the last epoch, steps and steps/s, protocol
/// bytes between members per step beside the minimum for this placement, and how far our final
/// first-layer weights are from PyTorch's.
/// </summary>
internal static class TrainBench
{
    private static readonly int[] MemberCounts = [1, 3];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new TrainingOptions();
        if (args is ["--epochs", var epochs] && int.TryParse(epochs, out int count) && count >= 1) options = options with { Epochs = count };
        else if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Autograd.Bench -- train [--epochs N]   (N ≥ 1)");
            return 2;
        }

        var (train, test) = Digits.TrainTestSplit();
        var ours = new List<OurTrainRun>();
        foreach (int members in MemberCounts)
        {
            Console.Error.WriteLine($"train: {members} member(s) ...");
            ours.Add(await TrainAsync(members, train, test, options));
        }
        Console.Error.WriteLine("train: PyTorch ...");
        var (torch, blas, problem) = TrainPeer.Run(options, train, test, ours[0].Initial, MemberCounts);

        Console.WriteLine($"train: MLP {train.FeatureCount}-{options.Hidden}-{train.Classes} on {train.Name} ({train.Count} rows, test {test.Count}), " +
                          $"{options.Optimizer} lr {options.LearningRate} {options.Schedule} over {options.Epochs} epochs, batch {options.BatchSize}; " +
                          "ours on embedded engines, PyTorch on as many processes (gloo DDP), one thread each");
        var table = new TrainTable(MemberCounts.Select(k => k == 1 ? "1 member" : $"{k} members"));
        foreach (var (run, i) in ours.Select((run, i) => (run, i)))
            table.Fill(i, run, torch.GetValueOrDefault(run.Members));
        table.Print();
        Console.WriteLine(problem is null ? blas?.ToString() ?? "PyTorch BLAS: not reported" : $"PyTorch: {problem}");
        return 0;
    }

    private static async Task<OurTrainRun> TrainAsync(int members, Dataset train, Dataset test, TrainingOptions options)
    {
        await using var engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = members });
        await using var session = engine.NewSession();
        var trainer = new ClassifierTrainer(session, train, test, options);
        var initial = await ValuesAsync(trainer.Model);
        var wire = new StepWire(new WireCounters([engine.System, .. engine.OtherMemberSystems]));
        var epochs = new List<EpochResult>();
        while (trainer.EpochsDone < options.Epochs)
        {
            wire.BeginEpoch();
            epochs.Add(await trainer.RunEpochAsync(wire));
        }
        int steps = epochs.Sum(e => e.Steps);
        long parameters = initial.Values.Sum(t => (long)t.Count);
        return new OurTrainRun(members, epochs.Select(e => e.Elapsed.TotalMilliseconds).ToArray(), epochs[^1].TestAccuracy, steps,
            (double)wire.Bytes / steps, MinimumBytesPerStep(members, parameters, train, options.BatchSize),
            initial, (await ValuesAsync(trainer.Model))["0.weight"].ToArray());
    }

    private static async Task<Dictionary<string, Tensor>> ValuesAsync(Module model)
    {
        var state = model.StateDict();
        var values = await Task.WhenAll(state.Values.Select(p => p.DataAsync()));
        return state.Keys.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>
    /// The fewest bytes a step can move between members when the parameters live on member 0 (with
    /// the client): the weights out to each other member, one partial gradient back from each, and
    /// the batch rows (features and label) of every shard but the first, averaged over an epoch's
    /// batches (the last one is partial).
    /// </summary>
    private static double MinimumBytesPerStep(int members, long parameters, Dataset train, int batchSize)
    {
        if (members == 1) return 0;
        double weights = 2.0 * (members - 1) * parameters * sizeof(float);
        int batches = (train.Count + batchSize - 1) / batchSize;
        double shippedRows = Enumerable.Range(0, batches)
            .Select(b => Math.Min(batchSize, train.Count - b * batchSize))
            .Average(rows => rows - RowSplit.Sizes(rows, Math.Min(members, rows))[0]);
        return weights + shippedRows * (train.FeatureCount + 1) * sizeof(float);
    }

    /// <summary>
    /// Bytes between members during the epochs' steps only: RunEpochAsync measures the test accuracy
    /// after its last step, which is not training traffic, so each epoch's count stops at its last step.
    /// </summary>
    private sealed class StepWire(WireCounters wire) : IProgress<StepProgress>
    {
        private long _epochStart;

        public long Bytes { get; private set; }

        public void BeginEpoch() => _epochStart = wire.BytesRead;

        public void Report(StepProgress value)
        {
            if (value.Step == value.Steps) Bytes += wire.BytesRead - _epochStart;
        }
    }
}

/// <summary>One training run of ours: each epoch's time, the final accuracy, wire bytes per step and the weights before and after.</summary>
internal sealed record OurTrainRun(int Members, double[] EpochMs, double Accuracy, int Steps, double BytesPerStep, double MinimumBytesPerStep,
    IReadOnlyDictionary<string, Tensor> Initial, float[] FinalWeight);
