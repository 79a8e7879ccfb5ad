using System.Diagnostics;
using Autograd.Client;
using Autograd.Ops;

namespace Autograd.Bench;

/// <summary>
/// <c>engine --phases</c>: where the time of a workload goes. Splits the scalar chain and
/// the seed walkthrough into building (client side), forward (until the root's value is
/// back), backward (until the leaf grad is back) and session disposal (stopping the node
/// actors); sets the 16M graph's time beside the same kernels called directly; and measures
/// the actor system's own floor (one node actor's life for three ways of making its Props,
/// one message hop) in the engine's actor system.
/// </summary>
internal static class EnginePhases
{
    private const int Repetitions = 5;

    public static async Task RunAsync(AutogradEngine engine, bool mlpOnly)
    {
        Console.WriteLine("where the time goes (medians of " + Repetitions + " after one warm-up):");
        foreach (int batch in new[] { 512, 4096 })
        {
            await MlpAsync(engine, batch);
            MlpKernelProfile.Run(batch, repetitions: batch == 512 ? 21 : 7);
        }
        if (mlpOnly) return;
        await ChainAsync(engine, nodes: 10_000);
        await SeedAsync(engine, iterations: 200);
        Console.WriteLine("  actor system floor, per node actor (create + one message answered | watch + PoisonPill + Terminated seen;");
        Console.WriteLine("  process CPU; best of 3 interleaved rounds, the figure least disturbed by other processes):");
        var kinds = new[] { AkkaFloor.PropsKind.CachedProducer, AkkaFloor.PropsKind.TypeAndArguments, AkkaFloor.PropsKind.Expression };
        var lives = kinds.ToDictionary(k => k, _ => new List<AkkaFloor.Lifecycle>());
        for (int round = 0; round <= 3; round++)
            foreach (var kind in kinds)
            {
                var life = await AkkaFloor.MeasureLifecycleAsync(engine, kind, children: 5_000);
                if (round > 0) lives[kind].Add(life);  // round 0 warms up
            }
        foreach (var (kind, runs) in lives)
            Console.WriteLine($"    {kind,-16} of 5000: create {runs.Min(r => r.CreateUs):F2} us, stop {runs.Min(r => r.StopUs):F2} us, " +
                              $"CPU {runs.Min(r => r.CpuUs):F2} us");
        await AkkaFloor.MeasureHopAsync(engine, 10_000);
        Console.WriteLine($"  one message hop between two actors: {(await AkkaFloor.MeasureHopAsync(engine, 100_000)).TotalMicroseconds:F3} us");
        await TanhAsync(engine, count: 16 * 1024 * 1024);
    }

    private static async Task ChainAsync(AutogradEngine engine, int nodes)
    {
        var phases = await MedianPhasesAsync(engine, async (s, clock) =>
        {
            var x = s.Variable(Tensor.Scalar(1f), requiresGrad: true);
            var y = x;
            for (int i = 0; i < nodes; i++) y = i % 2 == 0 ? y * 1.0001f : y + 0.0001f;
            clock.Mark();
            await y.DataAsync();
            clock.Mark();
            await y.BackwardAsync();
            await x.GradAsync();
            clock.Mark();
        });
        Print($"scalar chain, us per node of {nodes}", phases, 1e6 / nodes);
    }

    private static async Task SeedAsync(AutogradEngine engine, int iterations)
    {
        var phases = await MedianPhasesAsync(engine, async (s, clock) =>
        {
            var roots = new (Variable X, Variable Out)[iterations];
            for (int i = 0; i < iterations; i++)
            {
                var x = s.Variable(Tensor.Ones(2, 2), requiresGrad: true);
                var y = x + 2f;
                roots[i] = (x, (y * y * 3f).Mean());
            }
            clock.Mark();
            foreach (var (_, output) in roots) await output.DataAsync();
            clock.Mark();
            foreach (var (x, output) in roots)
            {
                await output.BackwardAsync();
                await x.GradAsync();
            }
            clock.Mark();
        });
        Print($"seed walkthrough, us per iteration ({iterations} in a session, phases batched)", phases, 1e6 / iterations);
    }

    private static async Task MlpAsync(AutogradEngine engine, int batch)
    {
        var inputs = Tensor.RandomNormal(7, batch, 784);
        var labels = Tensor.FromArray(Enumerable.Range(0, batch).Select(i => (float)(i * 7919 % 10)).ToArray(), batch);
        var w1 = Tensor.RandomUniform(1, -0.05f, 0.05f, 784, 256);
        var w2 = Tensor.RandomUniform(2, -0.05f, 0.05f, 256, 10);
        var phases = await MedianPhasesAsync(engine, async (s, clock) =>
        {
            Variable[] parameters =
            [
                s.Variable(w1, requiresGrad: true), s.Variable(Tensor.Zeros(256), requiresGrad: true),
                s.Variable(w2, requiresGrad: true), s.Variable(Tensor.Zeros(10), requiresGrad: true),
            ];
            var hidden = (s.Variable(inputs).MatMul(parameters[0]) + parameters[1]).Relu();
            var loss = (hidden.MatMul(parameters[2]) + parameters[3]).CrossEntropy(s.Variable(labels));
            clock.Mark();
            await loss.DataAsync();
            clock.Mark();
            await loss.BackwardAsync();
            foreach (var p in parameters) await p.GradAsync();
            clock.Mark();
        });
        Print($"MLP 784-256-10 batch {batch} through the engine, ms", phases, 1e3);
    }

    private static async Task TanhAsync(AutogradEngine engine, int count)
    {
        var data = Tensor.RandomNormal(11, count);
        var phases = await MedianPhasesAsync(engine, async (s, clock) =>
        {
            var x = s.Variable(data, requiresGrad: true);
            var total = (x * 2f + 1f).Tanh().Sum();
            clock.Mark();
            await total.DataAsync();
            clock.Mark();
            await total.BackwardAsync();
            await x.GradAsync();
            clock.Mark();
        });
        Print("tanh(x*2+1).sum() over 16M, ms", phases, 1e3);

        var kernels = new List<double[]>();
        for (int r = 0; r <= Repetitions; r++)
        {
            var clock = new PhaseClock();
            Op mul = OpTable.Create(new OpSpec("mul_scalar", 2f)), add = OpTable.Create(new OpSpec("add_scalar", 1f)),
               tanh = OpTable.Create(new OpSpec("tanh")), sum = OpTable.Create(new OpSpec("sum"));
            var a = mul.Forward([data]);
            var b = add.Forward([a]);
            var c = tanh.Forward([b]);
            var d = sum.Forward([c]);
            clock.Mark();
            var gc = GradientRules.Apply(sum, Tensor.Scalar(1f), [c], d, [true])[0]!;
            var gb = GradientRules.Apply(tanh, gc, [b], c, [true])[0]!;
            var ga = GradientRules.Apply(add, gb, [a], b, [true])[0]!;
            _ = GradientRules.Apply(mul, ga, [data], a, [true])[0]!;
            clock.Mark();
            if (r > 0) kernels.Add(clock.Phases);
        }
        var median = MedianOf(kernels);
        Console.WriteLine($"  same kernels called directly, ms: forward {median[0] * 1e3:F1}, backward {median[1] * 1e3:F1}");
    }

    /// <summary>Runs <paramref name="work"/> in a fresh session per repetition; the last phase is the disposal.</summary>
    private static async Task<double[]> MedianPhasesAsync(AutogradEngine engine, Func<Session, PhaseClock, Task> work)
    {
        var samples = new List<double[]>();
        for (int r = 0; r <= Repetitions; r++)
        {
            var clock = new PhaseClock();
            var session = engine.NewSession();
            await work(session, clock);
            await session.DisposeAsync();
            clock.Mark();
            if (r > 0) samples.Add(clock.Phases);
        }
        return MedianOf(samples);
    }

    private static double[] MedianOf(List<double[]> samples) =>
        Enumerable.Range(0, samples[0].Length)
            .Select(i => Measure.Median(samples.Select(s => s[i])))
            .ToArray();

    private static void Print(string what, double[] seconds, double scale) =>
        Console.WriteLine($"  {what}: build {seconds[0] * scale:F2}, forward {seconds[1] * scale:F2}, " +
                          $"backward {seconds[2] * scale:F2}, dispose {seconds[3] * scale:F2} " +
                          $"(total {seconds.Sum() * scale:F2})");

    /// <summary>Seconds between successive marks.</summary>
    private sealed class PhaseClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly List<double> _phases = [];
        private double _last;

        public double[] Phases => [.. _phases];

        public void Mark()
        {
            double now = _watch.Elapsed.TotalSeconds;
            _phases.Add(now - _last);
            _last = now;
        }
    }
}
