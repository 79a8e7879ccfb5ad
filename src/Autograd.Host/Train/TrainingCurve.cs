using System.Globalization;
using Autograd.Client.Training;

namespace Autograd.Host.Train;

/// <summary>
/// The run's history: <c>metrics.csv</c> (one row per epoch, kept across resumed runs) and
/// <c>curve.png</c>, the mean training loss (left axis) and the test accuracy (right axis) per epoch, drawn with ScottPlot.
/// </summary>
internal static class TrainingCurve
{
    public const string MetricsFile = "metrics.csv";
    private const string Header = "epoch,loss,test_accuracy,learning_rate,seconds,steps_per_second";

    /// <summary>Appends an epoch (starting the file afresh at epoch 0, so a new run does not inherit an old run's rows).</summary>
    public static void Append(string directory, EpochResult epoch)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, MetricsFile);
        if (epoch.Epoch == 0 || !File.Exists(path)) File.WriteAllText(path, Header + "\n");
        File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture,
            $"{epoch.Epoch + 1},{epoch.Loss:R},{epoch.TestAccuracy:R},{epoch.LearningRate:R},{epoch.Elapsed.TotalSeconds:0.###},{epoch.StepsPerSecond:0.#}\n"));
    }

    /// <summary>Draws every epoch of <c>metrics.csv</c>; returns the PNG's path.</summary>
    public static string Plot(string directory)
    {
        var rows = File.ReadAllLines(Path.Combine(directory, MetricsFile)).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (Epoch: double.Parse(f[0], CultureInfo.InvariantCulture), Loss: double.Parse(f[1], CultureInfo.InvariantCulture),
                Accuracy: 100 * double.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToArray();
        var plot = new ScottPlot.Plot();
        var loss = plot.Add.Scatter(rows.Select(r => r.Epoch).ToArray(), rows.Select(r => r.Loss).ToArray());
        loss.LegendText = "training loss (mean per epoch)";
        var accuracy = plot.Add.Scatter(rows.Select(r => r.Epoch).ToArray(), rows.Select(r => r.Accuracy).ToArray());
        accuracy.LegendText = "test accuracy (%)";
        accuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Bottom.Label.Text = "epoch";
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "test accuracy (%)";
        plot.Title("Autograd: MLP classifier, data-parallel on the cluster");
        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        var path = Path.Combine(directory, "curve.png");
        plot.SavePng(path, 900, 540);
        return path;
    }
}
