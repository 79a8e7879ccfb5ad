using Autograd.Client;

namespace Autograd.Bench;

/// <summary>The engine workloads of issue 3, with the same shapes as <c>bench/reference/engine.py</c>.</summary>
internal static class EngineWorkloads
{
    public static IReadOnlyList<EngineWorkload> All() =>
    [
        new("seed_walkthrough", "us/iteration", Iterations: 200, Repetitions: 15, Divisor: 1, TargetRatio: 1.0, SeedWalkthrough),
        new("scalar_chain_10k", "us/node", Iterations: 1, Repetitions: 7, Divisor: ChainNodes, TargetRatio: 1.0, ScalarChain),
        Mlp("mlp_784_256_10_b512", batch: 512, iterations: 5, repetitions: 9),
        Mlp("mlp_784_256_10_b4096", batch: 4096, iterations: 1, repetitions: 5),
        TanhSum("tanh_sum_16m", count: 16 * 1024 * 1024, repetitions: 9),
        Transformer("transformer_b8_t64_c128_h4", batch: 8, sequence: 64, width: 128, heads: 4),
    ];

    private const int ChainNodes = 10_000;

    /// <summary>The seed's first example: ones(2,2), y = x + 2, z = y * y * 3, out = z.mean(), backward, read x.grad.</summary>
    private static async Task SeedWalkthrough(Session s)
    {
        var x = s.Variable(Tensor.Ones(2, 2), requiresGrad: true);
        var y = x + 2f;
        var z = y * y * 3f;
        var output = z.Mean();
        await output.BackwardAsync();
        _ = await x.GradAsync() ?? throw new InvalidOperationException("seed walkthrough: x.grad is null");
    }

    /// <summary>10,000 scalar nodes alternating * 1.0001 and + 0.0001, then backward to the leaf.</summary>
    private static async Task ScalarChain(Session s)
    {
        var x = s.Variable(Tensor.Scalar(1f), requiresGrad: true);
        var y = x;
        for (int i = 0; i < ChainNodes; i++)
            y = i % 2 == 0 ? y * 1.0001f : y + 0.0001f;
        await y.BackwardAsync();
        _ = await x.GradAsync() ?? throw new InvalidOperationException("scalar chain: x.grad is null");
    }

    /// <summary>tanh(x * 2 + 1).sum() over <paramref name="count"/> floats, backward, read x.grad.</summary>
    private static EngineWorkload TanhSum(string name, int count, int repetitions)
    {
        var data = Tensor.RandomNormal(11, count);
        return new(name, "ms/step", Iterations: 1, repetitions, Divisor: 1, TargetRatio: 0.5, async s =>
        {
            var x = s.Variable(data, requiresGrad: true);
            await ((x * 2f + 1f).Tanh().Sum()).BackwardAsync();
            _ = await x.GradAsync() ?? throw new InvalidOperationException($"{name}: x.grad is null");
        });
    }

    /// <summary>
    /// A pre-norm transformer layer (causal self-attention, GELU MLP; Nn.TransformerLayer) on a
    /// [batch, sequence, width] input; one step runs forward and backward of out.pow(2).mean() and reads
    /// the input's grad. The layer is made once per session (its weights persist, as PyTorch's module).
    /// </summary>
    private static EngineWorkload Transformer(string name, int batch, int sequence, int width, int heads)
    {
        var input = Tensor.RandomNormal(13, batch, sequence, width);
        var layers = new System.Runtime.CompilerServices.ConditionalWeakTable<Session, Autograd.Client.Nn.TransformerLayer>();
        return new(name, "ms/step", Iterations: 3, Repetitions: 7, Divisor: 1, TargetRatio: 1.0, async s =>
        {
            var layer = layers.GetValue(s, session =>
            {
                session.ManualSeed(0);
                return new Autograd.Client.Nn.TransformerLayer(session, width, heads);
            });
            var x = s.Variable(input, requiresGrad: true);
            await layer.Forward(x).Pow(2f).Mean().BackwardAsync();
            _ = await x.GradAsync() ?? throw new InvalidOperationException($"{name}: x has no grad");
        });
    }

    /// <summary>784-256-10 with ReLU and cross-entropy; one step builds the graph, runs backward, reads the four grads.</summary>
    private static EngineWorkload Mlp(string name, int batch, int iterations, int repetitions)
    {
        var inputs = Tensor.RandomNormal(7, batch, 784);
        var labels = Tensor.FromArray(Enumerable.Range(0, batch).Select(i => (float)(i * 7919 % 10)).ToArray(), batch);
        var w1 = Tensor.RandomUniform(1, -0.05f, 0.05f, 784, 256);
        var b1 = Tensor.Zeros(256);
        var w2 = Tensor.RandomUniform(2, -0.05f, 0.05f, 256, 10);
        var b2 = Tensor.Zeros(10);
        return new(name, "ms/step", iterations, repetitions, Divisor: 1, TargetRatio: 1.0, async s =>
        {
            var x = s.Variable(inputs);
            var y = s.Variable(labels);
            Variable[] parameters =
            [
                s.Variable(w1, requiresGrad: true), s.Variable(b1, requiresGrad: true),
                s.Variable(w2, requiresGrad: true), s.Variable(b2, requiresGrad: true),
            ];
            var hidden = (x.MatMul(parameters[0]) + parameters[1]).Relu();
            var logits = hidden.MatMul(parameters[2]) + parameters[3];
            await logits.CrossEntropy(y).BackwardAsync();
            foreach (var p in parameters)
                _ = await p.GradAsync() ?? throw new InvalidOperationException($"{name}: a weight has no grad");
        });
    }
}
