using Autograd.Client;
using Autograd.Client.Nn;

namespace Autograd.AppBench;

/// <summary>
/// One engine workload, as bench/Autograd.Bench's: a repetition opens a session, prepares the step in
/// it (untimed: the transformer's layer), then runs <see cref="Iterations"/> steps and disposes the
/// session, both timed (PyTorch frees its graph inside its timing too). Samples are per iteration and
/// per <see cref="Divisor"/>, in <see cref="Unit"/>, as bench/reference/engine.py reports them.
/// </summary>
internal sealed record EngineWorkload(string Name, string Unit, int Iterations, int Repetitions, int Divisor, Func<Session, Func<Task>> Prepare)
{
    public double ToUnit(TimeSpan elapsed) =>
        (Unit.StartsWith("us", StringComparison.Ordinal) ? elapsed.TotalMicroseconds : elapsed.TotalMilliseconds) / Iterations / Divisor;
}

/// <summary>
/// The seed walkthrough, the 10k scalar chain and the transformer layer: the steps of
/// bench/Autograd.Bench/EngineWorkloads.cs (copied: this app references only the package), with more
/// repetitions. The PyTorch side is engine.py's function of the same name.
/// </summary>
internal static class EngineWorkloads
{
    private const int ChainNodes = 10_000;

    public static IReadOnlyList<EngineWorkload> All() =>
    [
        new("seed_walkthrough", "us/iteration", Iterations: 200, Repetitions: 25, Divisor: 1, s => () => SeedWalkthrough(s)),
        new("scalar_chain_10k", "us/node", Iterations: 1, Repetitions: 15, Divisor: ChainNodes, s => () => ScalarChain(s)),
        new("transformer_b8_t64_c128_h4", "ms/step", Iterations: 3, Repetitions: 15, Divisor: 1, s => Transformer(s, 8, 64, 128, 4)),
    ];

    /// <summary>The seed's first example: ones(2,2), y = x + 2, z = y * y * 3, out = z.mean(), backward, read x.grad.</summary>
    private static async Task SeedWalkthrough(Session s)
    {
        var x = s.Variable(Tensor.Ones(2, 2), requiresGrad: true);
        var y = x + 2f;
        var z = y * y * 3f;
        await z.Mean().BackwardAsync();
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

    /// <summary>
    /// A pre-norm transformer layer (causal self-attention, GELU MLP) on a [batch, sequence, width] input,
    /// made once per session; a step runs forward and backward of out.pow(2).mean() and reads the input's grad.
    /// </summary>
    private static Func<Task> Transformer(Session s, int batch, int sequence, int width, int heads)
    {
        s.ManualSeed(0);
        var layer = new TransformerLayer(s, width, heads);
        var input = Tensor.RandomNormal(13, batch, sequence, width);
        return async () =>
        {
            var x = s.Variable(input, requiresGrad: true);
            await layer.Forward(x).Pow(2f).Mean().BackwardAsync();
            _ = await x.GradAsync() ?? throw new InvalidOperationException("transformer: x has no grad");
        };
    }
}
