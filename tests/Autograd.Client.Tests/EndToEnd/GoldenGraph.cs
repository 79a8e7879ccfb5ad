using System.Text.Json;
using System.Text.Json.Serialization;

namespace Autograd.Client.Tests.EndToEnd;

/// <summary>
/// One graph of <c>Golden/graphs_golden.json</c>, written by <c>Golden/make_graphs.py</c> with
/// real PyTorch: leaves, steps (each with PyTorch's value) and actions (each with PyTorch's
/// leaf gradients afterwards).
/// </summary>
public sealed record GoldenGraph(
    string Name, float Rtol, float Atol,
    IReadOnlyList<GoldenLeaf> Leaves, IReadOnlyList<GoldenStep> Steps, IReadOnlyList<GoldenAction> Actions)
{
    private static readonly Lazy<IReadOnlyDictionary<string, GoldenGraph>> All = new(Load);

    public static IEnumerable<string> Names => All.Value.Keys;

    public static GoldenGraph Named(string name) => All.Value[name];

    private static IReadOnlyDictionary<string, GoldenGraph> Load()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            RespectNullableAnnotations = true,
        };
        // graphs_golden.json (make_graphs.py) and one file per family of ops (make_graphs_*.py)
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "graphs_golden*.json").Order(StringComparer.Ordinal);
        return files.SelectMany(path => (JsonSerializer.Deserialize<GoldenFile>(File.ReadAllText(path), options)
                                        ?? throw new InvalidDataException($"{path} is empty")).Graphs)
            .ToDictionary(g => g.Name);
    }

    private sealed record GoldenFile(IReadOnlyList<GoldenGraph> Graphs);
}

public sealed record GoldenTensor(int[] Shape, float[] Data)
{
    public Tensor ToTensor() => Tensor.FromArray(Data, Shape);
}

public sealed record GoldenLeaf(string Name, int[] Shape, float[] Data, bool RequiresGrad);

/// <summary><c>Name = Op(Inputs)</c> with the attributes the op takes; <c>Value</c>, <c>RequiresGrad</c> and <c>GradFn</c> (its name, when PyTorch's is not an implementation detail) are PyTorch's.
/// <c>Args</c> holds what an op family's step needs beyond its inputs, <c>TableOps</c> the op-table ops it builds when they are not just <c>Op</c>.</summary>
public sealed record GoldenStep(
    string Name, string Op, IReadOnlyList<string> Inputs, GoldenTensor Value, bool RequiresGrad,
    string? GradFn = null, float? Scalar = null, int? Dim = null, bool? KeepDim = null, int[]? Shape = null,
    JsonElement? Args = null, IReadOnlyList<string>? TableOps = null)
{
    public override string ToString() => $"{Name} = {Op}({string.Join(", ", Inputs)})";
}

/// <summary>A backward pass or a zero-grad, and PyTorch's <c>.grad</c> of every leaf afterwards (null when none).</summary>
public sealed record GoldenAction(
    string Kind, IReadOnlyDictionary<string, GoldenTensor?> GradsAfter,
    string? Root = null, GoldenTensor? Gradient = null, bool RetainGraph = false,
    IReadOnlyList<string>? Leaves = null)
{
    [JsonIgnore]
    public bool IsBackward => Kind == "backward";

    public override string ToString() => IsBackward
        ? $"backward({Root}{(Gradient is null ? "" : ", gradient")}{(RetainGraph ? ", retainGraph" : "")})"
        : $"zero_grad({string.Join(", ", Leaves ?? [])})";
}
