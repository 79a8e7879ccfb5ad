using System.Diagnostics;
using Autograd.Client.Data;
using Autograd.Client.Nn;
using Autograd.Client.Optim;

namespace Autograd.Client.Training;

/// <summary>
/// Trains an MLP classifier on a session, data-parallel: each minibatch is row-sharded over the
/// session's members, the parameters are replicated on one member and updated there by the
/// optimizer (one message per member per step), and only the loss comes back to the client.
/// Checkpoints (<see cref="SaveAsync"/>, <see cref="ResumeAsync"/>) resume exactly: the shuffling of an
/// epoch depends only on the seed and the epoch, and the optimizer's state is saved with the weights.
/// </summary>
public sealed class ClassifierTrainer
{
    private readonly Session _session;
    private readonly DataLoader _loader;

    public ClassifierTrainer(Session session, Dataset train, Dataset test, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is [var first, ..]) throw new ArgumentException(first, nameof(options));
        if (train.FeatureCount != test.FeatureCount)
            throw new ArgumentException($"train has {train.FeatureCount} features but test has {test.FeatureCount}");
        _session = session;
        Train = train;
        Test = test;
        Options = options;
        int classes = Math.Max(train.Classes, test.Classes);
        session.ManualSeed(options.Seed);
        Model = new Sequential(new Linear(session, train.FeatureCount, options.Hidden), new ReLU(), new Linear(session, options.Hidden, classes));
        Optimizer = options.Optimizer switch
        {
            "sgd" => new Sgd(Model.Parameters(), options.LearningRate, momentum: options.Momentum, weightDecay: options.WeightDecay),
            "adamw" => new AdamW(Model.Parameters(), options.LearningRate, weightDecay: options.WeightDecay),
            _ => new Adam(Model.Parameters(), options.LearningRate, weightDecay: options.WeightDecay),
        };
        Scheduler = MakeScheduler(0);
        _loader = new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed);
    }

    public Dataset Train { get; }
    public Dataset Test { get; }
    public TrainingOptions Options { get; }
    public Sequential Model { get; }
    public Optimizer Optimizer { get; }
    public LearningRateScheduler? Scheduler { get; private set; }

    /// <summary>Epochs completed (also after <see cref="ResumeAsync"/>).</summary>
    public int EpochsDone { get; private set; }

    public int StepsPerEpoch => _loader.BatchesPerEpoch;

    /// <summary>Runs the next epoch, then measures the test accuracy; <paramref name="progress"/> hears of every step.</summary>
    public async Task<EpochResult> RunEpochAsync(IProgress<StepProgress>? progress = null, CancellationToken cancellation = default)
    {
        int epoch = EpochsDone;
        float learningRate = Optimizer.LearningRate;
        Model.Train();
        double lossSum = 0;
        int steps = 0;
        var clock = Stopwatch.StartNew();
        foreach (var batch in _loader.Batches(_session, epoch))
        {
            cancellation.ThrowIfCancellationRequested();
            lossSum += await StepAsync(batch);
            steps++;
            progress?.Report(new StepProgress(epoch, steps, StepsPerEpoch, lossSum / steps, steps / clock.Elapsed.TotalSeconds));
        }
        var elapsed = clock.Elapsed;
        Scheduler?.Step();
        EpochsDone++;
        return new EpochResult(epoch, steps, lossSum / Math.Max(1, steps), await AccuracyAsync(Test), elapsed, learningRate);
    }

    /// <summary>One optimizer step on one minibatch (PyTorch's zero_grad, forward, backward, step); returns the batch's loss.</summary>
    public async Task<float> StepAsync(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await Optimizer.ZeroGradAsync();
        var loss = Model.Forward(batch.Features).CrossEntropy(batch.Labels);
        var lossValue = loss.ItemAsync();   // read while the backward pass runs
        await loss.BackwardAsync();
        await Optimizer.StepAsync();
        return await lossValue;
    }

    /// <summary>The share of <paramref name="data"/> whose largest logit is its label (evaluation mode, no graph recorded).</summary>
    public async Task<double> AccuracyAsync(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Model.Eval();
        int correct = 0;
        var loader = new DataLoader(data, batchSize: 1024);
        using (_session.NoGrad())
            foreach (var batch in loader.Batches(_session, 0))
            {
                var logits = await Model.Forward(batch.Features).DataAsync();
                var labels = await batch.Labels.DataAsync();
                correct += CountCorrect(logits, labels);
            }
        Model.Train();
        return (double)correct / data.Count;
    }

    private static int CountCorrect(Tensor logits, Tensor labels)
    {
        int classes = logits.Dims[1], correct = 0;
        var values = logits.Span;
        for (int row = 0; row < labels.Count; row++)
        {
            var scores = values.Slice(row * classes, classes);
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores) == (int)labels.Span[row]) correct++;
        }
        return correct;
    }

    /// <summary>Writes <c>model.safetensors</c> (PyTorch state-dict names) and <c>optimizer.safetensors</c> (its state and the epochs done) into <paramref name="directory"/>.</summary>
    public Task SaveAsync(string directory) => TrainingCheckpoint.SaveAsync(directory, this);

    /// <summary>Loads what <see cref="SaveAsync"/> wrote: weights, optimizer state, epochs done; the schedule continues from there.</summary>
    public async Task ResumeAsync(string directory)
    {
        EpochsDone = await TrainingCheckpoint.LoadAsync(directory, this);
        Scheduler = MakeScheduler(EpochsDone);
    }

    private LearningRateScheduler? MakeScheduler(int lastEpoch) => Options.Schedule switch
    {
        "cosine" => new CosineAnnealingLR(Optimizer, Options.Epochs, lastEpoch: lastEpoch),
        "step" => new StepLR(Optimizer, Math.Max(1, Options.Epochs / 4), 0.5f, lastEpoch),
        _ => null,
    };
}
