using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Autograd.Bench;

/// <summary>
/// Starts the PyTorch reference scripts of bench/reference the same way for every command, so the
/// peer always runs under the same conditions: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed (some
/// machines set them for older OpenBLAS builds, and they pin an older kernel than OpenBLAS would
/// pick), and OPENBLAS_NUM_THREADS=1 set before the peer loads OpenBLAS (its pthreads build ignores
/// torch.set_num_threads; our kernels run on one thread per op).
/// </summary>
internal static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    private static readonly string[] PinnedKernel = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

    public static bool IsInstalled => File.Exists(Python);

    /// <summary>The script in bench/reference, found above the build output or the working directory; null if absent.</summary>
    public static string? FindScript(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "reference", name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>Python with <paramref name="arguments"/>, its output redirected, in the peer's environment.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in PinnedKernel) start.Environment.Remove(name);
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";  // the scripts import blas_core.py: no __pycache__ in the source tree
        return start;
    }

    /// <summary>Runs Python to the end and returns what it printed; kills it and throws <see cref="TimeoutException"/> past <paramref name="deadline"/>.</summary>
    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> arguments, TimeSpan deadline)
    {
        var start = StartInfo(arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Python} {string.Join(' ', start.ArgumentList)} did not finish within {deadline}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The last non-empty line of <paramref name="text"/> (a Python traceback's message).</summary>
    public static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}

/// <summary>
/// The BLAS behind the peer's matmul, as bench/reference/blas_core.py reports it: the library mapped
/// into the process and, for OpenBLAS, its build configuration and the core (kernel set) it chose.
/// </summary>
internal sealed record PeerBlas(
    [property: JsonPropertyName("library")] string Library,
    [property: JsonPropertyName("config")] string? Config,
    [property: JsonPropertyName("core")] string? Core)
{
    public static PeerBlas? From(JsonElement json, string property = "blas") =>
        json.TryGetProperty(property, out var blas) ? blas.Deserialize<PeerBlas>() : null;

    /// <summary>"PyTorch BLAS: OpenBLAS &lt;config&gt; core &lt;name&gt;", with a warning where the figures would mislead.</summary>
    public override string ToString()
    {
        if (Core is null)
            return $"PyTorch BLAS: {Library}" +
                   (Library.Contains("/blas/", StringComparison.Ordinal) ? " (the slow reference BLAS, not OpenBLAS)" : " (not OpenBLAS)");
        // A DYNAMIC_ARCH OpenBLAS that does not know the CPU model falls back to its generic SSE3 kernels.
        string note = Core == "Prescott" ? " (OpenBLAS's generic fallback: it did not recognise this CPU)" : "";
        string config = Config is null ? "OpenBLAS" : Config.StartsWith("OpenBLAS", StringComparison.Ordinal) ? Config : $"OpenBLAS {Config}";
        return $"PyTorch BLAS: {config} core {Core}{note}";
    }
}
