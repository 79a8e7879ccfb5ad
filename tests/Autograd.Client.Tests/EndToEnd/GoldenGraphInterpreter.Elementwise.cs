using System.Text.Json;

namespace Autograd.Client.Tests.EndToEnd;

// The steps of the elementwise golden graphs (Golden/make_graphs_elementwise.py), named as the op table.
public sealed partial class GoldenGraphInterpreter
{
    static partial void AddElementwiseSteps(Dictionary<string, StepBuilder> steps)
    {
        steps["abs"] = (_, x) => x[0].Abs();
        steps["gelu"] = (_, x) => x[0].Gelu();
        steps["silu"] = (_, x) => x[0].Silu();
        steps["log1p"] = (_, x) => x[0].Log1p();
        steps["sin"] = (_, x) => x[0].Sin();
        steps["cos"] = (_, x) => x[0].Cos();
        steps["clamp"] = (step, x) => x[0].Clamp(OptionalFloat(step, "min"), OptionalFloat(step, "max"));
        steps["maximum"] = (_, x) => x[0].Maximum(x[1]);
        steps["minimum"] = (_, x) => x[0].Minimum(x[1]);
        steps["gt"] = (_, x) => x[0].Gt(x[1]);
        steps["lt"] = (_, x) => x[0].Lt(x[1]);
        steps["ge"] = (_, x) => x[0].Ge(x[1]);
        steps["le"] = (_, x) => x[0].Le(x[1]);
        steps["eq"] = (_, x) => x[0].Eq(x[1]);
        steps["gt_scalar"] = (step, x) => x[0].Gt(Float(step, "other"));
        steps["lt_scalar"] = (step, x) => x[0].Lt(Float(step, "other"));
        steps["ge_scalar"] = (step, x) => x[0].Ge(Float(step, "other"));
        steps["le_scalar"] = (step, x) => x[0].Le(Float(step, "other"));
        steps["eq_scalar"] = (step, x) => x[0].Eq(Float(step, "other"));
        steps["where"] = (_, x) => Variable.Where(x[0], x[1], x[2]);
        steps["masked_fill"] = (step, x) => x[0].MaskedFill(x[1], Float(step, "value"));
    }

    private static float Float(GoldenStep step, string name) =>
        OptionalFloat(step, name) ?? throw new InvalidDataException($"{step}: no argument '{name}'");

    private static float? OptionalFloat(GoldenStep step, string name) =>
        step.Args is { } args && args.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetSingle()
            : null;
}
