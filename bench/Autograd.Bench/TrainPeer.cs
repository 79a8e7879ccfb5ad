using System.Text.Json;
using Autograd.Client.Data;
using Autograd.Client.Training;

namespace Autograd.Bench;

/// <summary>One PyTorch run of the training job on <paramref name="Processes"/> processes.</summary>
internal sealed record PeerTrainRun(int Processes, double[] EpochMs, double Accuracy, int Steps, float[] FinalWeight);

/// <summary>
/// bench/reference/train.py: the training job in PyTorch from a job file that pins everything the
/// result depends on, so both sides train the same model on the same batches: the options, the
/// train and test sets as our client holds them, each epoch's sample order (from a DataLoader built
/// as <see cref="ClassifierTrainer"/> builds its own) and our initial weights.
/// </summary>
internal static class TrainPeer
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <summary>The runs by process count, the BLAS the peer used, and why there are no runs when there are none.</summary>
    public static (Dictionary<int, PeerTrainRun> Runs, PeerBlas? Blas, string? Problem) Run(
        TrainingOptions options, Dataset train, Dataset test, IReadOnlyDictionary<string, Tensor> initial, int[] processCounts)
    {
        var runs = new Dictionary<int, PeerTrainRun>();
        string? script = PythonPeer.FindScript("train.py");
        if (script is null) return (runs, null, $"train.py not found above {AppContext.BaseDirectory}");
        if (!PythonPeer.IsInstalled) return (runs, null, $"{PythonPeer.Python} not found");

        string job = Path.GetTempFileName();
        try
        {
            WriteJob(job, options, train, test, initial);
            var (exitCode, output, error) = PythonPeer.Run([script, job, .. processCounts.Select(p => p.ToString())], Deadline);
            PeerBlas? blas = null;
            foreach (var line in output.Split('\n').Where(l => l.StartsWith('{')))
            {
                using var json = JsonDocument.Parse(line);
                var r = json.RootElement;
                int processes = r.GetProperty("processes").GetInt32();
                runs[processes] = new PeerTrainRun(processes, r.GetProperty("epoch_ms").Deserialize<double[]>()!,
                    r.GetProperty("accuracy").GetDouble(), r.GetProperty("steps").GetInt32(),
                    r.GetProperty("final_0_weight").Deserialize<float[]>()!);
                blas ??= PeerBlas.From(r);
            }
            return (runs, blas, exitCode == 0 ? null : $"train.py failed (exit {exitCode}): {PythonPeer.LastLine(error)}");
        }
        catch (TimeoutException e)
        {
            return (runs, null, e.Message);
        }
        finally
        {
            File.Delete(job);
        }
    }

    private static void WriteJob(string path, TrainingOptions options, Dataset train, Dataset test, IReadOnlyDictionary<string, Tensor> initial)
    {
        var loader = new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed);
        var job = new Dictionary<string, object>
        {
            ["epochs"] = options.Epochs,
            ["batch_size"] = options.BatchSize,
            ["learning_rate"] = options.LearningRate,
            ["features"] = train.FeatureCount,
            ["hidden"] = options.Hidden,
            ["classes"] = Math.Max(train.Classes, test.Classes),
            ["train"] = DataJson(train),
            ["test"] = DataJson(test),
            ["orders"] = Enumerable.Range(0, options.Epochs).Select(loader.Order).ToArray(),
            ["initial_state"] = initial.ToDictionary(p => p.Key, p => new { shape = p.Value.Shape, data = p.Value.ToArray() }),
        };
        using var file = File.Create(path);
        JsonSerializer.Serialize(file, job);
    }

    private static object DataJson(Dataset data) => new { features = data.Features.ToArray(), labels = data.Labels.ToArray() };
}
