using System.Text.Json;
using Autograd.Client.Data;

namespace Autograd.AppBench;

/// <summary>
/// Everything both sides must agree on, made once here and handed to bench/reference/app.py as a JSON
/// job file: the two training setups (data, layer sizes, optimizer, initial weights) and the step,
/// iteration and repetition counts of every workload.
/// </summary>
internal sealed record BenchJob(TrainingSetup Spiral, TrainingSetup Digits, IReadOnlyList<EngineWorkload> Engine)
{
    /// <summary>Timed steps of a training workload, after the warm-up.</summary>
    public const int TrainingSteps = 2000;

    /// <summary>Steps from the initial weights whose losses both sides report, before the warm-up.</summary>
    public const int CheckSteps = 5;

    public static BenchJob Create() => new(
        new TrainingSetup("mlp_2_100_3_sgd", SpiralPoints(), [2, 100, 3], "sgd", LearningRate: 0.1f, InitialState([2, 100, 3], seed: 21)),
        new TrainingSetup("digits_mlp_adam", DigitsBatch(), [64, 128, 10], "adam", LearningRate: 1e-3f, InitialState([64, 128, 10], seed: 31)),
        EngineWorkloads.All());

    /// <summary>Writes the job file for app.py and returns its path (a temporary file: the caller deletes it).</summary>
    public string Write()
    {
        var job = new Dictionary<string, object>
        {
            ["warm_up_seconds"] = Timing.Round.TotalSeconds * Timing.QuietRounds,
            ["check_steps"] = CheckSteps,
            ["training"] = new[] { Spiral, Digits }.ToDictionary(t => t.Name, t => (object)new
            {
                features = Json(t.Data.Features),
                labels = t.Data.Labels.ToArray(),
                layers = t.Layers,
                optimizer = t.Optimizer,
                lr = t.LearningRate,
                state = t.InitialState.ToDictionary(p => p.Key, p => Json(p.Value)),
                steps = TrainingSteps,
            }),
            ["engine"] = Engine.ToDictionary(w => w.Name, w => (object)new
            {
                iterations = w.Iterations,
                repetitions = w.Repetitions,
                divisor = w.Divisor,
                unit = w.Unit,
            }),
        };
        string path = Path.Combine(Path.GetTempPath(), $"autograd-appbench-{Environment.ProcessId}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(job));
        return path;
    }

    private static object Json(Tensor t) => new { shape = t.Shape, data = t.ToArray() };

    /// <summary>
    /// Three interleaved spirals of 100 points each (the classic 2-D, 3-class toy set): point i of class j
    /// at radius i/99 and angle 4j + 4i/99 plus N(0, 0.2²) noise.
    /// </summary>
    private static Dataset SpiralPoints()
    {
        const int perClass = 100, classes = 3;
        var noise = Tensor.RandomNormal(11, perClass * classes).ToArray();
        var features = new float[perClass * classes * 2];
        var labels = new float[perClass * classes];
        for (int j = 0; j < classes; j++)
            for (int i = 0; i < perClass; i++)
            {
                int row = j * perClass + i;
                float radius = i / (perClass - 1f), angle = 4f * j + 4f * i / (perClass - 1f) + 0.2f * noise[row];
                features[2 * row] = radius * MathF.Sin(angle);
                features[2 * row + 1] = radius * MathF.Cos(angle);
                labels[row] = j;
            }
        return new Dataset(Tensor.FromArray(features, perClass * classes, 2), Tensor.FromArray(labels, perClass * classes), classes, "spiral");
    }

    /// <summary>The first 64 digits (a fixed batch: the same every step, on both sides).</summary>
    private static Dataset DigitsBatch() => Autograd.Client.Data.Digits.Load().Subset([.. Enumerable.Range(0, 64)], "digits batch");

    /// <summary>Weights for Linear, ReLU, Linear (torch.nn.Linear's default range, U(±1/√in)), named as Sequential names them.</summary>
    private static Dictionary<string, Tensor> InitialState(int[] layers, int seed)
    {
        var state = new Dictionary<string, Tensor>();
        for (int l = 0; l + 1 < layers.Length; l++)
        {
            float bound = 1f / MathF.Sqrt(layers[l]);
            state[$"{2 * l}.weight"] = Tensor.RandomUniform(seed + 2 * l, -bound, bound, layers[l + 1], layers[l]);
            state[$"{2 * l}.bias"] = Tensor.RandomUniform(seed + 2 * l + 1, -bound, bound, layers[l + 1]);
        }
        return state;
    }
}

/// <summary>A full-batch MLP training job: Linear, ReLU, Linear with cross-entropy, from fixed initial weights.</summary>
internal sealed record TrainingSetup(
    string Name, Dataset Data, int[] Layers, string Optimizer, float LearningRate, IReadOnlyDictionary<string, Tensor> InitialState);
