using System.Diagnostics;
using System.Text.Json;

namespace Autograd.AppBench;

/// <summary>
/// bench/reference/app.py, started as bench/Autograd.Bench's PythonPeer starts every reference script:
/// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed (they pin an older kernel than OpenBLAS would pick),
/// OPENBLAS_NUM_THREADS=1 before the peer loads OpenBLAS (its pthreads build ignores
/// torch.set_num_threads; our kernels run on one thread per op). Any failure (no Python, no torch, a
/// crash, a timeout) yields no figures and a reason, so the table still shows ours.
/// </summary>
internal sealed class TorchPeer(string jobFile)
{
    public const string Python = "/usr/bin/python3";

    private static readonly string[] PinnedKernel = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    /// <summary>"PyTorch 1.13, 1 thread(s); BLAS ... core ...", from the last run that reported it.</summary>
    public string Description { get; private set; } = "PyTorch: not run";

    /// <summary>PyTorch's figures for the workload called <paramref name="name"/>, or null and the reason in <see cref="Problem"/>.</summary>
    public Measured? Measure(string name)
    {
        string? script = FindScript();
        if (script is null) return Fail($"bench/reference/app.py not found above {AppContext.BaseDirectory}");
        if (!File.Exists(Python)) return Fail($"{Python} not found");

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, jobFile, name }) start.ArgumentList.Add(argument);
        foreach (var variable in PinnedKernel) start.Environment.Remove(variable);
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";  // app.py imports engine.py: no __pycache__ in the source tree
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            return Fail($"app.py {name} did not finish within {Deadline.TotalMinutes} minutes");
        }
        if (process.ExitCode != 0)
            return Fail($"app.py {name} failed (exit {process.ExitCode}): " +
                        error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault());

        using var json = JsonDocument.Parse(output.Result);
        var root = json.RootElement;
        Description = $"PyTorch {root.GetProperty("torch").GetString()}, {root.GetProperty("threads").GetInt32()} thread(s); " +
                      Blas(root.GetProperty("blas"));
        var figures = root.GetProperty("workload");
        return new Measured(figures.GetProperty("median").GetDouble(), figures.GetProperty("mean").GetDouble(),
            figures.GetProperty("losses").Deserialize<float[]>() ?? []);
    }

    /// <summary>The last reason PyTorch gave no figures.</summary>
    public string? Problem { get; private set; }

    private Measured? Fail(string problem)
    {
        Problem = problem;
        return null;
    }

    /// <summary>The BLAS behind torch's matmul, as bench/reference/blas_core.py reports it.</summary>
    private static string Blas(JsonElement blas)
    {
        string library = blas.GetProperty("library").GetString() ?? "unknown";
        string? config = blas.GetProperty("config").GetString(), core = blas.GetProperty("core").GetString();
        if (core is null) return $"BLAS {library} (not OpenBLAS)";
        string fallback = core == "Prescott" ? " (OpenBLAS's generic fallback: it did not recognise this CPU)" : "";
        return $"BLAS {config ?? "OpenBLAS"} core {core}{fallback}";
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "reference", "app.py");
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
