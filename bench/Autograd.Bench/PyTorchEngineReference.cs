using System.Text.Json;

namespace Autograd.Bench;

/// <summary>PyTorch's figure for one workload, as printed by <c>bench/reference/engine.py</c>.</summary>
internal sealed record PyTorchFigure(double Median, string Unit, long PeakRssKb);

/// <summary>
/// Runs a reference script once through <see cref="PythonPeer"/> and reads its JSON. Any failure
/// (no Python, no torch, a crash, a timeout) yields no figures and a reason, so the benchmark
/// still prints ours with "n/a" beside them.
/// </summary>
internal static class PyTorchEngineReference
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static (IReadOnlyDictionary<string, PyTorchFigure> Figures, string Note) Run(string script, params string[] args)
    {
        var empty = new Dictionary<string, PyTorchFigure>();
        string? path = PythonPeer.FindScript(script);
        if (path is null) return (empty, $"{script} not found above {AppContext.BaseDirectory}");
        if (!PythonPeer.IsInstalled) return (empty, $"{PythonPeer.Python} not found");

        int exitCode;
        string output, error;
        try
        {
            (exitCode, output, error) = PythonPeer.Run([path, .. args], Deadline);
        }
        catch (TimeoutException)
        {
            return (empty, $"{script} did not finish within {Deadline.TotalMinutes} minutes");
        }
        if (exitCode != 0)
            return (empty, $"{script} failed (exit {exitCode}): {PythonPeer.LastLine(error)}");

        using var json = JsonDocument.Parse(output);
        var figures = new Dictionary<string, PyTorchFigure>();
        foreach (var workload in json.RootElement.GetProperty("workloads").EnumerateObject())
            figures[workload.Name] = new PyTorchFigure(
                workload.Value.GetProperty("median").GetDouble(),
                workload.Value.GetProperty("unit").GetString() ?? "",
                workload.Value.GetProperty("peak_rss_kb").GetInt64());
        var root = json.RootElement;
        string blas = PeerBlas.From(root)?.ToString() ?? "PyTorch BLAS: not reported";
        return (figures, $"PyTorch {root.GetProperty("torch").GetString()}, {root.GetProperty("threads").GetInt32()} thread(s); {blas}");
    }
}
