using System.Text.Json;

namespace Autograd.Client.Tests.EndToEnd;

// The steps of the indexing, joining and shape ops (Golden/make_graphs_indexing.py).
public sealed partial class GoldenGraphInterpreter
{
    static partial void AddIndexingSteps(Dictionary<string, StepBuilder> steps)
    {
        steps["narrow"] = (step, inputs) => inputs[0].Narrow(Int(step, "dim"), Int(step, "start"), Int(step, "length"));
        steps["select"] = (step, inputs) => inputs[0].Select(Int(step, "dim"), Int(step, "index"));
        steps["index_select"] = (step, inputs) => inputs[0].IndexSelect(Int(step, "dim"), inputs[1]);
        steps["cat"] = (step, inputs) => Variable.Cat(inputs, Int(step, "dim"));
        steps["stack"] = (step, inputs) => Variable.Stack(inputs, Int(step, "dim"));
        steps["unsqueeze"] = (step, inputs) => inputs[0].Unsqueeze(Int(step, "dim"));
        steps["squeeze"] = (step, inputs) =>
            step.Args is { } args && args.TryGetProperty("dim", out var dim) ? inputs[0].Squeeze(dim.GetInt32()) : inputs[0].Squeeze();
        steps["permute"] = (step, inputs) => inputs[0].Permute(Ints(step, "dims"));
        steps["transpose"] = (step, inputs) => inputs[0].Transpose(Int(step, "dim0"), Int(step, "dim1"));
        steps["expand"] = (step, inputs) => inputs[0].Expand(Ints(step, "sizes"));
        steps["flatten"] = (step, inputs) => inputs[0].Flatten(Int(step, "start_dim"), Int(step, "end_dim"));
        steps["index"] = (step, inputs) => inputs[0][Arg(step, "items").EnumerateArray().Select(i => ParseIndex(i.GetString()!)).ToArray()];
    }

    private static JsonElement Arg(GoldenStep step, string name) =>
        step.Args is { } args && args.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"{step}: no argument '{name}'");

    private static int Int(GoldenStep step, string name) => Arg(step, name).GetInt32();

    private static int[] Ints(GoldenStep step, string name) => Arg(step, name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>A C# index expression as the golden file writes it: "0", "-1", "^1", "..", "1..3", "..^1".</summary>
    private static TensorIndex ParseIndex(string text)
    {
        static Index Bound(string bound, Index empty) =>
            bound.Length == 0 ? empty : bound[0] == '^' ? Index.FromEnd(int.Parse(bound[1..])) : Index.FromStart(int.Parse(bound));
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0) return text[0] == '^' ? (TensorIndex)Index.FromEnd(int.Parse(text[1..])) : (TensorIndex)int.Parse(text);
        return new Range(Bound(text[..dots], Index.Start), Bound(text[(dots + 2)..], Index.End));
    }
}
