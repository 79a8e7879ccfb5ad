using System.Text.Json;
using Autograd.Client.Tests.EndToEnd;

namespace Autograd.Client.Tests.Checkpoints;

/// <summary>
/// <c>Golden/sequential_golden.json</c>, written by <c>Golden/make_safetensors.py</c> with real
/// PyTorch: the state dict of <c>Sequential(Linear(4, 3), ReLU(), Linear(3, 2))</c> (also in
/// <c>Golden/sequential.safetensors</c>), an input x [5, 4] and PyTorch's m(x).
/// </summary>
public sealed record SequentialGolden(IReadOnlyDictionary<string, GoldenTensor> StateDict, GoldenTensor Input, GoldenTensor Output)
{
    public static string SafeTensorsPath => Path.Combine(AppContext.BaseDirectory, "Golden", "sequential.safetensors");

    public static SequentialGolden Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", "sequential_golden.json");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true };
        return JsonSerializer.Deserialize<SequentialGolden>(File.ReadAllText(path), options)
               ?? throw new InvalidDataException($"{path} is empty");
    }

    /// <summary>The metadata PyTorch's safetensors helpers write.</summary>
    public static IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string> { ["format"] = "pt" };
}
