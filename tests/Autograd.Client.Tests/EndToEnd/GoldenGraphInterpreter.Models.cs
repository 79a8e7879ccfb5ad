namespace Autograd.Client.Tests.EndToEnd;

// The steps of Golden/make_graphs_models.py that the base interpreter does not know: layer_norm and
// dropout (batched matmul, softmax and cross_entropy are the base steps on other shapes).
public sealed partial class GoldenGraphInterpreter
{
    static partial void AddModelSteps(Dictionary<string, StepBuilder> steps)
    {
        // inputs: x, then the weight and the bias when the step has them
        steps["layer_norm"] = (step, inputs) =>
        {
            var args = step.Args!.Value;
            var normalizedShape = args.GetProperty("normalized_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            bool hasWeight = args.GetProperty("weight").GetBoolean(), hasBias = args.GetProperty("bias").GetBoolean();
            var weight = hasWeight ? inputs[1] : null;
            var bias = hasBias ? inputs[^1] : null;
            return inputs[0].LayerNorm(normalizedShape, weight, bias, args.GetProperty("eps").GetSingle());
        };
        // with a seed, the mask PyTorch was given (the session's generator cannot match PyTorch's)
        steps["dropout"] = (step, inputs) =>
        {
            var args = step.Args!.Value;
            float p = args.GetProperty("p").GetSingle();
            return args.TryGetProperty("seed", out var seed)
                ? inputs[0].Dropout(p, seed.GetInt64())
                : inputs[0].Dropout(p, args.GetProperty("training").GetBoolean());
        };
    }
}
