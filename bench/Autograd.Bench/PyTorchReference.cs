using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Autograd.Bench;

/// <summary>PyTorch's figures from bench/reference/kernels.py, when /usr/bin/python3 can import torch.</summary>
internal sealed record PyTorchReference(
    [property: JsonPropertyName("torch")] string Version,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("openblas_coretype")] string? OpenBlasCoreType,
    [property: JsonPropertyName("add_gb_per_s")] double AddGbPerSecond,
    [property: JsonPropertyName("matmul_gflop_per_s")] double MatmulGflops)
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>The reference figures, or null (with the reason printed) when PyTorch cannot run here.</summary>
    public static PyTorchReference? Run()
    {
        if (!File.Exists(Python) || RunPython("-c \"import torch\"") is not (0, _, _))
        {
            Console.WriteLine("PyTorch: not available (/usr/bin/python3 cannot import torch); no PyTorch figures.");
            return null;
        }
        string script = Path.Combine(RepositoryRoot(), "bench", "reference", "kernels.py");
        var (exitCode, output, error) = RunPython($"\"{script}\"");
        if (exitCode != 0)
            throw new InvalidOperationException($"{script} failed with exit code {exitCode}: {error}");
        return JsonSerializer.Deserialize<PyTorchReference>(output)
            ?? throw new InvalidOperationException($"{script} printed no JSON: {output}");
    }

    /// <summary>Walks up from the executable to the directory holding Autograd.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Autograd.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"Autograd.sln not found above {AppContext.BaseDirectory}");
    }

    private static (int ExitCode, string Output, string Error) RunPython(string arguments)
    {
        var start = new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Python} {arguments} did not finish within {Deadline}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
