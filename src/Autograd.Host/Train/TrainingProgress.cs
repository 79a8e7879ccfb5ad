using Autograd.Client.Training;
using Spectre.Console;

namespace Autograd.Host.Train;

/// <summary>
/// What the job shows while it trains: on a terminal, a Spectre.Console bar over the epochs whose
/// label carries the running loss, the last test accuracy and the steps per second; when the output
/// is not a terminal (a pipe, a log file, a test), one plain line per epoch.
/// </summary>
internal abstract class TrainingProgress
{
    /// <summary>Told of every step (from the training loop's thread).</summary>
    public abstract IProgress<StepProgress> Steps { get; }

    public abstract void EpochDone(EpochResult epoch, int epochs);

    public static async Task RunAsync(TextWriter output, int epochs, int epochsDone, Func<TrainingProgress, Task> body)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal)
        {
            await body(new Lines(output));
            return;
        }
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"epoch {epochsDone + 1}/{epochs}", maxValue: epochs);
                task.Value = epochsDone;
                await body(new Bar(task, epochs));
            });
    }

    private sealed class Bar(ProgressTask task, int epochs) : TrainingProgress, IProgress<StepProgress>
    {
        private string _accuracy = "";

        public override IProgress<StepProgress> Steps => this;

        public void Report(StepProgress p)
        {
            task.Value = p.Epoch + (double)p.Step / Math.Max(1, p.Steps);
            task.Description = $"epoch {p.Epoch + 1}/{epochs}  loss {p.MeanLoss:0.0000}{_accuracy}  {p.StepsPerSecond:0} steps/s";
        }

        public override void EpochDone(EpochResult epoch, int epochs)
        {
            _accuracy = $"  test acc {epoch.TestAccuracy * 100:0.0}%";
            task.Value = epoch.Epoch + 1;
            task.Description = $"epoch {epoch.Epoch + 1}/{epochs}  loss {epoch.Loss:0.0000}{_accuracy}  {epoch.StepsPerSecond:0} steps/s";
        }
    }

    private sealed class Lines(TextWriter output) : TrainingProgress, IProgress<StepProgress>
    {
        public override IProgress<StepProgress> Steps => this;

        public void Report(StepProgress value)
        {
            // a line per epoch is enough when nobody watches a bar
        }

        public override void EpochDone(EpochResult epoch, int epochs) =>
            output.WriteLine($"epoch {epoch.Epoch + 1}/{epochs}: loss {epoch.Loss:0.0000}, test accuracy {epoch.TestAccuracy * 100:0.0}%, " +
                             $"{epoch.StepsPerSecond:0} steps/s, lr {epoch.LearningRate:0.######}");
    }
}
