namespace Autograd.Client.Tests.EndToEnd;

// The steps of the reduction graphs (Golden/make_graphs_reductions.py). Arguments beyond the input:
// "dim" (absent: every element), "keep_dim", "unbiased" (absent: true), "dims".
public sealed partial class GoldenGraphInterpreter
{
    static partial void AddReductionSteps(Dictionary<string, StepBuilder> steps)
    {
        steps["max"] = (step, inputs) =>
            ReductionArgs.Dim(step) is int dim ? inputs[0].Max(dim, ReductionArgs.KeepDim(step)).Values : inputs[0].Max();
        steps["min"] = (step, inputs) =>
            ReductionArgs.Dim(step) is int dim ? inputs[0].Min(dim, ReductionArgs.KeepDim(step)).Values : inputs[0].Min();
        steps["max_indices"] = (step, inputs) => inputs[0].Max(ReductionArgs.RequiredDim(step), ReductionArgs.KeepDim(step)).Indices;
        steps["min_indices"] = (step, inputs) => inputs[0].Min(ReductionArgs.RequiredDim(step), ReductionArgs.KeepDim(step)).Indices;
        steps["argmax"] = (step, inputs) => inputs[0].ArgMax(ReductionArgs.RequiredDim(step), ReductionArgs.KeepDim(step));
        steps["argmin"] = (step, inputs) => inputs[0].ArgMin(ReductionArgs.RequiredDim(step), ReductionArgs.KeepDim(step));
        steps["var"] = (step, inputs) => ReductionArgs.Dim(step) is int dim
            ? inputs[0].Var(dim, ReductionArgs.Unbiased(step), ReductionArgs.KeepDim(step))
            : inputs[0].Var(ReductionArgs.Unbiased(step));
        steps["std"] = (step, inputs) => ReductionArgs.Dim(step) is int dim
            ? inputs[0].Std(dim, ReductionArgs.Unbiased(step), ReductionArgs.KeepDim(step))
            : inputs[0].Std(ReductionArgs.Unbiased(step));
        steps["sum_dims"] = (step, inputs) => inputs[0].Sum(ReductionArgs.Dims(step), ReductionArgs.KeepDim(step));
        steps["mean_dims"] = (step, inputs) => inputs[0].Mean(ReductionArgs.Dims(step), ReductionArgs.KeepDim(step));
    }

    /// <summary>The arguments of a reduction step (a nested class, so other families' helpers cannot clash).</summary>
    private static class ReductionArgs
    {
        public static int? Dim(GoldenStep step) =>
            step.Args is { } args && args.TryGetProperty("dim", out var dim) ? dim.GetInt32() : null;

        public static int RequiredDim(GoldenStep step) => Dim(step) ?? throw new InvalidDataException($"{step}: no dim");

        public static bool KeepDim(GoldenStep step) =>
            step.Args is { } args && args.TryGetProperty("keep_dim", out var keep) && keep.GetBoolean();

        public static bool Unbiased(GoldenStep step) =>
            step.Args is not { } args || !args.TryGetProperty("unbiased", out var unbiased) || unbiased.GetBoolean();

        public static int[] Dims(GoldenStep step) =>
            step.Args is { } args ? args.GetProperty("dims").EnumerateArray().Select(d => d.GetInt32()).ToArray()
                                  : throw new InvalidDataException($"{step}: no dims");
    }
}
