using Autograd.Client.Data;
using Autograd.Client.Training;

namespace Autograd.Client.Tests.Training;

/// <summary>The training loop's promises: exact resume from a checkpoint, and learning something.</summary>
[Collection(EngineCollection.Name)]
public sealed class ClassifierTrainerTests(EngineFixture fixture)
{
    // a small slice of digits keeps these tests fast; the job's own test trains on all of it
    private static readonly (Dataset Train, Dataset Test) Data = Slice();

    private static (Dataset, Dataset) Slice()
    {
        var (train, test) = Digits.TrainTestSplit();
        return (train.Subset([.. Enumerable.Range(0, 300)]), test.Subset([.. Enumerable.Range(0, 100)]));
    }

    private static readonly TrainingOptions Options = new() { Epochs = 4, BatchSize = 32, Hidden = 32, Schedule = "step", Optimizer = "adam" };

    [Fact]
    public async Task Training_saved_after_two_epochs_and_resumed_in_a_fresh_session_ends_with_the_uninterrupted_weights()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"trainer-{Guid.NewGuid():N}");
        try
        {
            await using var whole = fixture.Engine.NewSession();
            var uninterrupted = new ClassifierTrainer(whole, Data.Train, Data.Test, Options);
            for (int e = 0; e < 4; e++) await uninterrupted.RunEpochAsync();

            await using var first = fixture.Engine.NewSession();
            var before = new ClassifierTrainer(first, Data.Train, Data.Test, Options);
            for (int e = 0; e < 2; e++) await before.RunEpochAsync();
            await before.SaveAsync(directory);
            await using var second = fixture.Engine.NewSession();
            second.ManualSeed(123);
            var resumed = new ClassifierTrainer(second, Data.Train, Data.Test, Options);
            await resumed.ResumeAsync(directory);
            Assert.Equal(2, resumed.EpochsDone);
            Assert.Equal(0.005f * 0.5f * 0.5f, resumed.Optimizer.LearningRate, 7);   // halved after each of the two epochs done
            for (int e = 2; e < 4; e++) await resumed.RunEpochAsync();

            foreach (var (name, parameter) in uninterrupted.Model.StateDict())
                Assert.Equal((await parameter.DataAsync()).ToArray(), (await resumed.Model.StateDict()[name].DataAsync()).ToArray());
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Identical_runs_on_one_member_end_with_bit_identical_weights()
    {
        var weights = new List<float[]>();
        for (int run = 0; run < 3; run++)
        {
            await using var s = fixture.Engine.NewSession();
            var trainer = new ClassifierTrainer(s, Data.Train, Data.Test, Options);
            for (int e = 0; e < 2; e++) await trainer.RunEpochAsync();
            weights.Add((await trainer.Model.StateDict()["0.weight"].DataAsync()).ToArray());
        }

        // kernels sum in an order fixed by the data, never by where the arrays lie in memory
        Assert.Equal(weights[0], weights[1]);
        Assert.Equal(weights[0], weights[2]);
    }

    [Fact]
    public async Task A_few_epochs_lower_the_loss_and_beat_chance()
    {
        await using var s = fixture.Engine.NewSession();
        var trainer = new ClassifierTrainer(s, Data.Train, Data.Test, Options with { Schedule = "none", LearningRate = 0.01f });

        var first = await trainer.RunEpochAsync();
        EpochResult last = first;
        for (int e = 1; e < 4; e++) last = await trainer.RunEpochAsync();

        Assert.Equal(10, first.Steps);
        Assert.True(last.Loss < first.Loss / 2, $"loss {first.Loss} -> {last.Loss}");
        Assert.True(last.TestAccuracy > 0.5, $"accuracy {last.TestAccuracy}");
    }

    [Fact]
    public async Task A_checkpoint_of_another_optimizer_or_seed_is_refused()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"trainer-{Guid.NewGuid():N}");
        try
        {
            await using var s = fixture.Engine.NewSession();
            await new ClassifierTrainer(s, Data.Train, Data.Test, Options).SaveAsync(directory);
            var sgd = new ClassifierTrainer(s, Data.Train, Data.Test, Options with { Optimizer = "sgd" });

            var e = await Assert.ThrowsAsync<InvalidDataException>(() => sgd.ResumeAsync(directory));
            Assert.Contains("trained with adam, not sgd", e.Message);
            var reseeded = new ClassifierTrainer(s, Data.Train, Data.Test, Options with { Seed = 5 });
            e = await Assert.ThrowsAsync<InvalidDataException>(() => reseeded.ResumeAsync(directory));
            Assert.Contains("seed 0, not 5", e.Message);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
