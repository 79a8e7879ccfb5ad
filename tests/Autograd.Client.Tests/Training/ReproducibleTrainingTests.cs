using Autograd.Client.Data;
using Autograd.Client.Tests.Cluster;
using Autograd.Client.Training;

namespace Autograd.Client.Tests.Training;

/// <summary>
/// Two identical runs give bit-identical gradients and weights, on one member and on three (where
/// the batch is row-sharded and the weights' gradients arrive from every member in any order: each
/// node adds its gradients in the order of its edges, not of their arrival).
/// </summary>
public class ReproducibleTrainingTests(EmbeddedClusters clusters) : IClassFixture<EmbeddedClusters>
{
    [Theory]
    [InlineData(1), InlineData(3)]
    public async Task Two_runs_of_a_sharded_training_loop_give_bit_identical_grads_and_weights(int members)
    {
        var engine = await clusters.WithMembers(members);
        var (train, test) = Digits.TrainTestSplit();
        train = train.Subset([.. Enumerable.Range(0, 256)]);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 64, Hidden = 32 };

        async Task<(float[] Grad, float[] Weight)> Run()
        {
            await using var s = engine.NewSession();
            var trainer = new ClassifierTrainer(s, train, test, options);
            await trainer.RunEpochAsync();
            await trainer.RunEpochAsync();
            var first = trainer.Model.StateDict()["0.weight"];
            return ((await first.GradAsync())!.ToArray(), (await first.DataAsync()).ToArray());
        }

        var one = await Run();
        var two = await Run();

        Assert.Equal(one.Grad, two.Grad);
        Assert.Equal(one.Weight, two.Weight);
    }
}
