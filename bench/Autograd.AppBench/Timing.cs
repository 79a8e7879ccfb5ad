using System.Diagnostics;
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
/// Warm-up and timing. Every workload first runs for at least <see cref="WarmUp"/> of wall time and of
/// this process's CPU time: tiered compilation replaces a method's first code only after it was called
/// 30 times, on a background thread, and the engine keeps compiling new code (message kinds, generic
/// instantiations, kernels) for a while. Under load (load average 20-40 on 2 CPUs) 2 s of wall time
/// held too little CPU for that: the first workload of a run measured 1.4x slower than the same
/// workload again later in the run (1.04-1.3x with CPU time counted too). app.py's training steps warm
/// up the same way.
/// </summary>
internal static class Timing
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <summary>Steps until <see cref="WarmUp"/> has passed in wall and CPU time, then <paramref name="count"/> steps each timed; microseconds per step.</summary>
    public static async Task<Measured> StepsAsync(Func<Task> step, int count, IReadOnlyList<float> losses)
    {
        var warmUp = WarmUpClock.Start();
        do await step();
        while (!warmUp.Done);
        var samples = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await step();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return Measured.From(samples, losses);
    }

    /// <summary>Repetitions for at least <see cref="WarmUp"/> (wall and CPU time) and a third of their count, then the timed ones.</summary>
    public static async Task<Measured> RepetitionsAsync(AutogradEngine engine, EngineWorkload workload)
    {
        var warmUp = WarmUpClock.Start();
        for (int i = 0; i < Math.Max(1, workload.Repetitions / 3) || !warmUp.Done; i++)
            await RepetitionAsync(engine, workload);
        var samples = new double[workload.Repetitions];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = workload.ToUnit(await RepetitionAsync(engine, workload));
        return Measured.From(samples);
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

    /// <summary>Wall and process CPU time since the warm-up started.</summary>
    private readonly record struct WarmUpClock(long Wall, TimeSpan Cpu)
    {
        public static WarmUpClock Start() => new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

        public bool Done => Stopwatch.GetElapsedTime(Wall) >= WarmUp && Environment.CpuUsage.TotalTime - Cpu >= WarmUp;
    }
}
