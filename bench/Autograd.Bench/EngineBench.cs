using System.Diagnostics;
using Autograd.Client;

namespace Autograd.Bench;

/// <summary>
/// <c>engine</c>: the embedded engine against PyTorch on the same machine, in one run.
/// Each figure is the median over repetitions after warm-up; a repetition opens a fresh
/// session, runs the workload's steps and disposes the session (its time included, as
/// PyTorch frees its graph inside its timing); one engine serves every repetition.
/// Options: <c>--only NAME</c> runs one workload, <c>--no-pytorch</c> skips the reference,
/// <c>--phases</c> prints where the time goes instead (<see cref="EnginePhases"/>; <c>--phases mlp</c> only the MLP's).
/// </summary>
internal static class EngineBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--phases"))
        {
            await using var diagnostics = await AutogradEngine.StartEmbeddedAsync();
            await EnginePhases.RunAsync(diagnostics, mlpOnly: args.Contains("mlp"));
            return 0;
        }

        string? only = OptionValue(args, "--only");
        var workloads = EngineWorkloads.All().Where(w => only is null || w.Name == only).ToList();
        if (workloads.Count == 0)
        {
            Console.Error.WriteLine($"no workload named '{only}'; known: {string.Join(", ", EngineWorkloads.All().Select(w => w.Name))}");
            return 2;
        }

        var ours = new List<(EngineWorkload Workload, EngineMeasurement Measurement)>();
        await using (var engine = await AutogradEngine.StartEmbeddedAsync())
        {
            foreach (var workload in workloads)
            {
                Console.Error.WriteLine($"engine: {workload.Name} ...");
                ours.Add((workload, await MeasureAsync(engine, workload)));
            }
        }

        var (pytorch, note) = args.Contains("--no-pytorch")
            ? (new Dictionary<string, PyTorchFigure>(), "PyTorch skipped (--no-pytorch)")
            : PyTorchEngineReference.Run("engine.py", only is null ? [] : ["--only", only]);

        Console.WriteLine($"engine benchmarks: embedded engine vs {note}; medians, ratio = ours / PyTorch");
        Console.WriteLine($"ours: {GcSettings()}");
        Console.WriteLine($"{"workload",-22} {"unit",-13} {"ours",10} {"PyTorch",10} {"ratio",7} {"target",7}  " +
                          $"{"ours peak WS",12} {"ours alloc/it",13} {"faults/it",9} {"GC pause",8} {"PyTorch RSS",11}");
        foreach (var (workload, m) in ours)
        {
            var theirs = pytorch.GetValueOrDefault(workload.Name);
            string ratio = theirs is null ? "n/a" : (m.Median / theirs.Median).ToString("F2");
            string verdict = theirs is null ? "" : m.Median / theirs.Median <= workload.TargetRatio ? " met" : " MISSED";
            Console.WriteLine(
                $"{workload.Name,-22} {workload.Unit,-13} {m.Median,10:G4} {(theirs is null ? "n/a" : theirs.Median.ToString("G4")),10} " +
                $"{ratio,7} {"<= " + workload.TargetRatio.ToString("F1"),7}{verdict,-7} " +
                $"{Megabytes(m.PeakWorkingSet),9} MB {Megabytes(m.AllocatedPerIteration),10} MB {m.FaultsPerIteration,9} {m.GcPauseShare,8:P0} " +
                $"{(theirs is null ? "n/a" : Megabytes(theirs.PeakRssKb * 1024) + " MB"),11}");
        }
        Console.WriteLine("peak WS and PyTorch RSS are process peaks so far (workloads run small to large); " +
                          "alloc/it is managed bytes allocated per iteration, all threads; " +
                          "faults/it is minor page faults per iteration (memory the process had to map in); " +
                          "GC pause is the share of the measured time the GC paused the process");
        return 0;
    }

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    private static async Task<EngineMeasurement> MeasureAsync(AutogradEngine engine, EngineWorkload workload)
    {
        // Warm-up: a third of the repetitions, and at least WarmUp of wall time. The JIT compiles
        // a kernel first without optimization (TensorPrimitives' loops then run as on-stack-
        // replacement code) and recompiles it fully only after 30 calls and a quiet spell; a
        // kernel called once per step, as in the MLP at batch 512, was still unoptimized for
        // part of a count-based warm-up (relu 20x slower). The reference script warms up the same way.
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; i < Math.Max(1, workload.Repetitions / 3) || warmUp.Elapsed < WarmUp; i++)
            await RepetitionAsync(engine, workload);

        var samples = new double[workload.Repetitions];
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var pausedBefore = GC.GetTotalPauseDuration();
        long faultsBefore = PageFaults.Minor();
        var measured = Stopwatch.StartNew();
        for (int i = 0; i < samples.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            await RepetitionAsync(engine, workload);
            samples[i] = workload.ToUnit(clock.Elapsed);
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        double pauseShare = (GC.GetTotalPauseDuration() - pausedBefore) / measured.Elapsed;
        long faults = faultsBefore < 0 ? -1 : (PageFaults.Minor() - faultsBefore) / (workload.Repetitions * workload.Iterations);

        using var self = Process.GetCurrentProcess();
        return new EngineMeasurement(
            Median: Measure.Median(samples),
            PeakWorkingSet: self.PeakWorkingSet64,
            AllocatedPerIteration: allocated / (workload.Repetitions * workload.Iterations),
            GcPauseShare: pauseShare,
            FaultsPerIteration: faults);
    }

    private static async Task RepetitionAsync(AutogradEngine engine, EngineWorkload workload)
    {
        await using var session = engine.NewSession();
        for (int i = 0; i < workload.Iterations; i++)
            await workload.Step(session);
    }

    private static string? OptionValue(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1");

    /// <summary>The GC settings in effect, read back from the runtime so a lost runtimeconfig setting shows.</summary>
    private static string GcSettings()
    {
        var gc = GC.GetConfigurationVariables();
        return $"server GC {gc.GetValueOrDefault("ServerGC")}, concurrent GC {gc.GetValueOrDefault("ConcurrentGC")}, " +
               $"conserve memory {gc.GetValueOrDefault("GCConserveMem")}, retain VM {gc.GetValueOrDefault("RetainVM")}, " +
               $"region size {gc.GetValueOrDefault("GCRegionSize")} (0: the default, 4 MB)";
    }

    private sealed record EngineMeasurement(
        double Median, long PeakWorkingSet, long AllocatedPerIteration, double GcPauseShare, long FaultsPerIteration);
}
