using Autograd.Client.Optim;
using Autograd.Client.Tests.Cluster;

namespace Autograd.Client.Tests.Optim;

/// <summary>
/// Every optimizer option against PyTorch 1.13's trajectory over several steps, on 1 and 3 members,
/// with the parameters W and b replicated, S row-sharded in three and U never reached by the loss
/// (skipped by every step, as in PyTorch).
/// </summary>
public class OptimizerGoldenTests(EmbeddedClusters clusters) : IClassFixture<EmbeddedClusters>
{
    private static readonly OptimizerGolden Golden = OptimizerGolden.Instance;

    public static IEnumerable<object[]> CasesOnMembers() =>
        from members in new[] { 1, 3 } from c in Golden.Cases select new object[] { c.Name, members };

    [Theory]
    [MemberData(nameof(CasesOnMembers))]
    public async Task An_optimizer_on_the_members_follows_PyTorchs_trajectory(string name, int members)
    {
        var golden = Golden.Cases.Single(c => c.Name == name);
        var engine = await clusters.WithMembers(members);
        await using var s = engine.NewSession();
        var parameters = new Dictionary<string, Variable>
        {
            ["W"] = s.Variable(Golden.Initial["W"].ToTensor(), requiresGrad: true),
            ["b"] = s.Variable(Golden.Initial["b"].ToTensor(), requiresGrad: true),
            ["S"] = s.Variable(Golden.Initial["S"].ToTensor(), requiresGrad: true, sharding: Sharding.Rows(3)),
            ["U"] = s.Variable(Golden.Initial["U"].ToTensor(), requiresGrad: true),
        };
        var x = s.Variable(Golden.Inputs["X"].ToTensor());
        var z = s.Variable(Golden.Inputs["Z"].ToTensor(), sharding: Sharding.Rows(3));
        var optimizer = Build(golden, parameters.Values);
        LearningRateScheduler? scheduler = golden.Scheduler switch
        {
            { Kind: "step" } sc => new StepLR(optimizer, sc.StepSize, sc.Gamma),
            { Kind: "cosine" } sc => new CosineAnnealingLR(optimizer, sc.TMax, sc.EtaMin),
            _ => null,
        };

        for (int step = 0; step < golden.Steps.Count; step++)
        {
            var expected = golden.Steps[step];
            await optimizer.ZeroGradAsync();
            var loss = (x.MatMul(parameters["W"]) + parameters["b"]).Tanh().Pow(2f).Mean()
                       + (parameters["S"] * z).Sum(1).Pow(2f).Mean();
            await loss.BackwardAsync();
            Assert.Equal(expected.Lr, optimizer.LearningRate, 1e-6 * Math.Max(1, expected.Lr));
            await optimizer.StepAsync();
            scheduler?.Step();

            Close($"{name} step {step + 1} loss", [expected.Loss], [await loss.ItemAsync()]);
            foreach (var (param, variable) in parameters)
                Close($"{name} step {step + 1} {param}", expected.Params[param], (await variable.DataAsync()).ToArray());
        }
        Assert.Null(await parameters["U"].GradAsync());
    }

    private static Optimizer Build(OptimizerGolden.Case c, IEnumerable<Variable> parameters) => c.Optimizer switch
    {
        "sgd" => new Sgd(parameters, c.Arg("lr", 0), c.Arg("momentum", 0), c.Arg("dampening", 0), c.Arg("weight_decay", 0), c.Flag("nesterov")),
        "adam" => new Adam(parameters, c.Arg("lr", 1e-3f), c.Beta(0, 0.9f), c.Beta(1, 0.999f), c.Arg("eps", 1e-8f), c.Arg("weight_decay", 0), c.Flag("amsgrad")),
        "adamw" => new AdamW(parameters, c.Arg("lr", 1e-3f), c.Beta(0, 0.9f), c.Beta(1, 0.999f), c.Arg("eps", 1e-8f), c.Arg("weight_decay", 1e-2f), c.Flag("amsgrad")),
        _ => throw new ArgumentException(c.Optimizer),
    };

    /// <summary>Float32 rounding differs between the kernels (summation order, fused multiply-adds) and grows a little per step.</summary>
    private static void Close(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 2e-5f + 2e-5f * MathF.Abs(expected[i]),
                $"{what}: element {i} is {actual[i]}, PyTorch has {expected[i]}");
    }
}
