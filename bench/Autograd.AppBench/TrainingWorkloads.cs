using Autograd.Client;
using Autograd.Client.Nn;
using Autograd.Client.Optim;

namespace Autograd.AppBench;

/// <summary>
/// A training step as a user writes it: zero_grad, forward, backward, optimizer step, in one session
/// that lives for the whole run. The model starts from the job's initial weights, so the first
/// <see cref="BenchJob.CheckSteps"/> losses must match PyTorch's: both sides train the same thing.
/// </summary>
internal static class TrainingWorkloads
{
    public static async Task<Measured> MeasureAsync(AutogradEngine engine, TrainingSetup setup)
    {
        await using var s = engine.NewSession();
        var layers = setup.Layers;
        var model = new Sequential(new Linear(s, layers[0], layers[1]), new ReLU(), new Linear(s, layers[1], layers[2]));
        await model.LoadStateDictAsync(setup.InitialState);
        Optimizer optimizer = setup.Optimizer switch
        {
            "sgd" => new Sgd(model.Parameters(), setup.LearningRate),
            "adam" => new Adam(model.Parameters(), setup.LearningRate),
            _ => throw new ArgumentException($"unknown optimizer '{setup.Optimizer}'", nameof(setup)),
        };
        var x = s.Variable(setup.Data.Features);
        var y = s.Variable(setup.Data.Labels);

        var losses = new float[BenchJob.CheckSteps];
        for (int i = 0; i < losses.Length; i++)
            losses[i] = await (await StepAsync(model, optimizer, x, y)).ItemAsync();
        return await Timing.StepsAsync(() => StepAsync(model, optimizer, x, y), BenchJob.TrainingSteps, losses);
    }

    private static async Task<Variable> StepAsync(Module model, Optimizer optimizer, Variable x, Variable y)
    {
        await optimizer.ZeroGradAsync();
        var loss = model.Forward(x).CrossEntropy(y);
        await loss.BackwardAsync();
        await optimizer.StepAsync();
        return loss;
    }
}
