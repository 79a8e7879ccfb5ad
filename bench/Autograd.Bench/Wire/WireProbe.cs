using System.Diagnostics;
using Autograd.Client;

namespace Autograd.Bench.Wire;

/// <summary>
/// <c>wire probe</c>: issue 11's probes through the public API. (1) A 100 MB tensor up to a
/// three-member cluster of member processes (deploy/local-cluster.sh, mutual TLS) and back, this
/// process the client: time, MB/s counting both directions, and the client's peak resident memory
/// beside the tensor. (2) On an embedded three-member engine, the 200 MB gradient of a
/// <c>Rows(3)</c> leaf (two thirds of it on the other members) read with <c>GradAsync</c>, and the
/// process's peak memory over the whole run.
/// </summary>
internal static class WireProbe
{
    private const int MB = 1000 * 1000;

    public static async Task<int> RunAsync(int repetitions)
    {
        Console.WriteLine($"wire probe: medians of {repetitions} runs (load average {LoadAverage()})");
        await UpAndBackAsync(repetitions);
        await GradientReadAsync(repetitions);
        return 0;
    }

    private static async Task UpAndBackAsync(int repetitions)
    {
        const int bytes = 100 * MB;
        await using var cluster = await LocalClusterRun.StartAsync(3);
        await using var engine = await AutogradEngine.ConnectAsync(new ClientOptions
        {
            ContactPoints = [cluster.Contact],
            Tls = cluster.ClientTls,
            Timeout = TimeSpan.FromSeconds(120),
        });
        var tensor = Tensor.RandomUniform(1, -1f, 1f, bytes / sizeof(float) / 1000, 1000);
        var seconds = new List<double>();
        var peaks = new List<long>();
        for (int i = 0; i < repetitions; i++)
        {
            ProcessMemory.Settle();
            long before = ProcessMemory.CurrentBytes();
            ProcessMemory.ResetPeak();
            long start = Stopwatch.GetTimestamp();
            await using (var s = engine.NewSession())
            {
                var back = await s.Variable(tensor).DataAsync();
                if (back.Count != tensor.Count) throw new InvalidOperationException("the tensor came back with another size");
            }
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            peaks.Add(ProcessMemory.PeakBytes() - before);
        }
        double t = Measure.Median(seconds);
        long peak = Measure.Median(peaks);
        Console.WriteLine($"100 MB up to a 3-process cluster (TLS) and back: {t:0.000} s, {2.0 * bytes / MB / t:0} MB/s both ways; " +
                          $"client peak resident memory above its start {peak / (double)MB:0} MB = {(double)peak / bytes:0.00}x the tensor " +
                          $"(runs: {string.Join(", ", seconds.Select(x => x.ToString("0.000")))} s)");
    }

    private static async Task GradientReadAsync(int repetitions)
    {
        const int rows = 51_200, cols = 1024;  // 200 MiB-ish: 209.7 MB
        long bytes = (long)rows * cols * sizeof(float);
        var seconds = new List<double>();
        var whole = new List<double>();
        var peaks = new List<long>();
        var data = Tensor.RandomUniform(2, -1f, 1f, rows, cols);
        for (int i = 0; i < repetitions; i++)
        {
            ProcessMemory.Settle();
            long before = ProcessMemory.CurrentBytes();
            ProcessMemory.ResetPeak();
            long started = Stopwatch.GetTimestamp();
            await using (var engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3, Timeout = TimeSpan.FromSeconds(120) }))
            await using (var s = engine.NewSession())
            {
                var x = s.Variable(data, requiresGrad: true, sharding: Sharding.Rows(3));
                await (x * x).Sum().BackwardAsync();
                long start = Stopwatch.GetTimestamp();
                var grad = await x.GradAsync();
                seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                if (grad!.Count != data.Count) throw new InvalidOperationException("the gradient has another size");
            }
            whole.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            peaks.Add(ProcessMemory.PeakBytes() - before);
        }
        double t = Measure.Median(seconds);
        Console.WriteLine($"embedded 3 members, {bytes / (double)MB:0} MB gradient of a Rows(3) leaf: GradAsync {t:0.000} s " +
                          $"({bytes / MB / t:0} MB/s), whole run (start, leaf, backward, read, stop) {Measure.Median(whole):0.0} s, " +
                          $"process peak above its start {Measure.Median(peaks) / (double)MB:0} MB = {Measure.Median(peaks) / (double)bytes:0.0}x the tensor " +
                          $"(reads: {string.Join(", ", seconds.Select(x => x.ToString("0.000")))} s)");
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
