using System.Diagnostics;
using System.Text.Json;

namespace Autograd.Bench;

/// <summary>PyTorch's figure for one workload, as printed by <c>bench/reference/engine.py</c>.</summary>
internal sealed record PyTorchFigure(double Median, string Unit, long PeakRssKb);

/// <summary>
/// Runs a reference script once with <c>/usr/bin/python3</c> and reads its JSON. Any failure
/// (no Python, no torch, a crash, a timeout) yields no figures and a reason, so the benchmark
/// still prints ours with "n/a" beside them.
/// </summary>
internal static class PyTorchEngineReference
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static (IReadOnlyDictionary<string, PyTorchFigure> Figures, string Note) Run(string script, params string[] args)
    {
        var empty = new Dictionary<string, PyTorchFigure>();
        string? path = FindScript(script);
        if (path is null) return (empty, $"{script} not found above {AppContext.BaseDirectory}");
        if (!File.Exists(Python)) return (empty, $"{Python} not found");

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            return (empty, $"{script} did not finish within {Deadline.TotalMinutes} minutes");
        }
        if (process.ExitCode != 0)
            return (empty, $"{script} failed (exit {process.ExitCode}): {LastLine(stderr.Result)}");

        using var json = JsonDocument.Parse(stdout.Result);
        var figures = new Dictionary<string, PyTorchFigure>();
        foreach (var workload in json.RootElement.GetProperty("workloads").EnumerateObject())
            figures[workload.Name] = new PyTorchFigure(
                workload.Value.GetProperty("median").GetDouble(),
                workload.Value.GetProperty("unit").GetString() ?? "",
                workload.Value.GetProperty("peak_rss_kb").GetInt64());
        var root = json.RootElement;
        string blas = root.TryGetProperty("blas", out var library) ? library.GetString() ?? "unknown" : "unknown";
        return (figures, $"PyTorch {root.GetProperty("torch").GetString()}, {root.GetProperty("threads").GetInt32()} thread(s), " +
                         $"BLAS {blas}{(blas.Contains("/blas/", StringComparison.Ordinal) ? " (the slow reference BLAS, not OpenBLAS)" : "")}");
    }

    /// <summary>The script lives in the source tree, above the build output directory.</summary>
    private static string? FindScript(string script)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "reference", script);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
