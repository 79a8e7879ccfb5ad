using System.Diagnostics;
using System.Runtime;
using Autograd.Client;

namespace Autograd.AppBench;

/// <summary>One side's figures for a workload: the median and mean of its samples, and for training the first steps' losses.</summary>
internal sealed record Measured(double Median, double Mean, IReadOnlyList<float> Losses)
{
    public static Measured From(double[] samples, IReadOnlyList<float>? losses = null) =>
        new(UpperMedian(samples), samples.Average(), losses ?? []);

    /// <summary>The middle sample (the upper of the two middles for an even count), as app.py takes it.</summary>
    private static double UpperMedian(double[] samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

/// <summary>
/// Warm-up and timing. A workload first runs in rounds of <see cref="Round"/> until <see cref="QuietRounds"/>
/// rounds in a row (2 s) JIT-compiled at most <see cref="QuietMethods"/> methods each: tiered compilation
/// recompiles a method only after it has run a while, and the engine keeps meeting new code (message
/// kinds, generic instantiations, kernels). A fixed 2 s was not enough under load: the first workload
/// of a run compiled hundreds of methods per round for 7 s (at load average 14-20 on 2 CPUs), its steps
/// falling from 2.5 ms to 0.19 ms, then a trickle of 0-4 per round; a workload after it was quiet
/// within its first second.
/// </summary>
internal static class Timing
{
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(0.5);
    public const int QuietRounds = 4, QuietMethods = 5;

    /// <summary>Past this the warm-up ends whether or not compilation has settled (said on stderr).</summary>
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);

    /// <summary>The warm-up, then <paramref name="count"/> steps each timed; microseconds per step.</summary>
    public static async Task<Measured> StepsAsync(Func<Task> step, int count, IReadOnlyList<float> losses)
    {
        await WarmUpAsync(step);
        var samples = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await step();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return Measured.From(samples, losses);
    }

    /// <summary>The warm-up in repetitions, then the timed ones.</summary>
    public static async Task<Measured> RepetitionsAsync(AutogradEngine engine, EngineWorkload workload)
    {
        await WarmUpAsync(() => RepetitionAsync(engine, workload));
        var samples = new double[workload.Repetitions];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = workload.ToUnit(await RepetitionAsync(engine, workload));
        return Measured.From(samples);
    }

    private static async Task WarmUpAsync(Func<Task> run)
    {
        long warmUp = Stopwatch.GetTimestamp(), compiledBefore = JitInfo.GetCompiledMethodCount();
        for (int quiet = 0; quiet < QuietRounds;)
        {
            if (Stopwatch.GetElapsedTime(warmUp) > MaxWarmUp)
            {
                Console.Error.WriteLine($"appbench: still JIT-compiling after {MaxWarmUp.TotalSeconds:0} s of warm-up; timing anyway");
                return;
            }
            long compiled = JitInfo.GetCompiledMethodCount(), round = Stopwatch.GetTimestamp();
            do await run();
            while (Stopwatch.GetElapsedTime(round) < Round);
            quiet = JitInfo.GetCompiledMethodCount() - compiled <= QuietMethods ? quiet + 1 : 0;
        }
        Console.Error.WriteLine($"appbench: warmed up in {Stopwatch.GetElapsedTime(warmUp).TotalSeconds:0.0} s, " +
                                $"{JitInfo.GetCompiledMethodCount() - compiledBefore} methods JIT-compiled meanwhile");
    }

    private static async Task<TimeSpan> RepetitionAsync(AutogradEngine engine, EngineWorkload workload)
    {
        var session = engine.NewSession();
        try
        {
            var step = workload.Prepare(session);
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < workload.Iterations; i++) await step();
            await session.DisposeAsync();
            return Stopwatch.GetElapsedTime(start);
        }
        finally
        {
            await session.DisposeAsync();  // a second dispose does nothing; this one is for a step that threw
        }
    }
}
