using System.Text.Json;
using System.Text.Json.Serialization;

namespace Autograd.Bench;

/// <summary>PyTorch's figures from bench/reference/kernels.py, when /usr/bin/python3 can import torch.</summary>
internal sealed record PyTorchReference(
    [property: JsonPropertyName("torch")] string Version,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("blas")] PeerBlas? Blas,
    [property: JsonPropertyName("add_gb_per_s")] double AddGbPerSecond,
    [property: JsonPropertyName("matmul_gflop_per_s")] double MatmulGflops)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>The reference figures, or null (with the reason printed) when PyTorch cannot run here.</summary>
    public static PyTorchReference? Run()
    {
        if (!PythonPeer.IsInstalled || PythonPeer.Run(["-c", "import torch"], Deadline) is not (0, _, _))
        {
            Console.WriteLine($"PyTorch: not available ({PythonPeer.Python} cannot import torch); no PyTorch figures.");
            return null;
        }
        string script = PythonPeer.FindScript("kernels.py")
            ?? throw new InvalidOperationException($"bench/reference/kernels.py not found above {AppContext.BaseDirectory}");
        var (exitCode, output, error) = PythonPeer.Run([script], Deadline);
        if (exitCode != 0)
            throw new InvalidOperationException($"{script} failed with exit code {exitCode}: {error}");
        return JsonSerializer.Deserialize<PyTorchReference>(output)
            ?? throw new InvalidOperationException($"{script} printed no JSON: {output}");
    }
}
