using System.Text.Json;
using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>One PyTorch golden case: an op, its inputs, the upstream gradient and what PyTorch computed.</summary>
public sealed record GoldenCase(
    string Name, OpSpec Spec, Tensor[] Inputs, Tensor GradOutput, Tensor Output, Tensor?[] Grads)
{
    public override string ToString() => Name;
}

/// <summary>
/// Reads every Golden/ops_golden*.json (written by Golden/make_golden*.py with PyTorch 1.13: one
/// file per family of ops) from the test output directory.
/// </summary>
public static class GoldenCases
{
    private static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(Load);
    private static readonly Lazy<Dictionary<string, GoldenCase>> ByName = new(() => Cases.Value.ToDictionary(c => c.Name));

    /// <summary>All cases in file order.</summary>
    public static IReadOnlyList<GoldenCase> All => Cases.Value;

    public static GoldenCase Get(string name) => ByName.Value[name];

    private static IReadOnlyList<GoldenCase> Load()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        var cases = new List<GoldenCase>();
        var names = new HashSet<string>();
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "ops_golden*.json").Order(StringComparer.Ordinal);
        foreach (var c in files.SelectMany(path => (JsonSerializer.Deserialize<FileJson>(File.ReadAllText(path), options)
                     ?? throw new InvalidDataException($"{path} is empty")).Cases))
        {
            var s = c.Spec;
            var spec = new OpSpec(s.Name, s.Scalar, s.Dim, s.KeepDim, s.Shape, s.Parts, s.Dims, s.Start, s.Length, s.Min, s.Max, s.Seed, s.Unbiased);
            var golden = new GoldenCase(c.Name, spec, c.Inputs.Select(ToTensor).ToArray(), ToTensor(c.GradOutput),
                ToTensor(c.Output), c.Grads.Select(g => g is null ? null : ToTensor(g)).ToArray());
            // names are the test display names: a duplicate would silently hide a case
            if (!names.Add(c.Name)) throw new InvalidDataException($"duplicate golden case name '{c.Name}'");
            cases.Add(golden);
        }
        return cases;
    }

    private static Tensor ToTensor(TensorJson t) => Tensor.FromArray(t.Data, t.Shape);

    private sealed record FileJson(string Torch, List<CaseJson> Cases);

    private sealed record CaseJson(
        string Name, SpecJson Spec, List<TensorJson> Inputs, TensorJson GradOutput, TensorJson Output, List<TensorJson?> Grads);

    private sealed record SpecJson(string Name, float Scalar, int? Dim, bool KeepDim, int[]? Shape, int Parts = 0,
        int[]? Dims = null, int Start = 0, int Length = 0, float? Min = null, float? Max = null, long Seed = 0, bool Unbiased = false);

    private sealed record TensorJson(int[] Shape, float[] Data);
}
