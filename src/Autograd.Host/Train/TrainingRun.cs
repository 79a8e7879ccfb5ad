using Autograd.Client;
using Autograd.Client.Data;
using Autograd.Client.Training;

namespace Autograd.Host.Train;

/// <summary>One run of the training job on an engine: resume if asked, train epoch by epoch with progress, checkpoint, plot, report.</summary>
internal sealed class TrainingRun(TrainingOptions options, Dataset train, Dataset test, string outDirectory, bool resume, TextWriter output)
{
    public async Task<int> RunAsync(AutogradEngine engine, CancellationToken cancellation)
    {
        await using var session = engine.NewSession();
        var trainer = new ClassifierTrainer(session, train, test, options);
        if (resume) await trainer.ResumeAsync(outDirectory);
        int members = session.MemberCount;
        await output.WriteLineAsync(
            $"training {train.FeatureCount}-{options.Hidden}-{Math.Max(train.Classes, test.Classes)} MLP on {train.Name} " +
            $"({train.Count} train, {test.Count} test) on {members} member{(members == 1 ? "" : "s")}: " +
            $"{options.Optimizer} lr {options.LearningRate}, schedule {options.Schedule}, batch {options.BatchSize}, " +
            $"{trainer.StepsPerEpoch} steps per epoch" + (resume ? $", resumed after epoch {trainer.EpochsDone}" : ""));

        EpochResult? last = null;
        await TrainingProgress.RunAsync(output, options.Epochs, trainer.EpochsDone, async progress =>
        {
            while (trainer.EpochsDone < options.Epochs)
            {
                last = await trainer.RunEpochAsync(progress.Steps, cancellation);
                await trainer.SaveAsync(outDirectory);   // after every epoch: an interrupted run resumes from here
                TrainingCurve.Append(outDirectory, last);
                progress.EpochDone(last, options.Epochs);
            }
        });

        double accuracy = last?.TestAccuracy ?? await trainer.AccuracyAsync(test);
        if (File.Exists(Path.Combine(outDirectory, TrainingCurve.MetricsFile)))
        {
            var curve = TrainingCurve.Plot(outDirectory);
            await output.WriteLineAsync(
                $"wrote {Path.Combine(outDirectory, TrainingCheckpoint.ModelFile)}, {TrainingCheckpoint.OptimizerFile}, {TrainingCurve.MetricsFile} and {Path.GetFileName(curve)}");
        }
        await output.WriteLineAsync($"test accuracy: {accuracy * 100:0.0}%");
        return 0;
    }
}
