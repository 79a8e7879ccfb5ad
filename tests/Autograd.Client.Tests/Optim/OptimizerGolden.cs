using System.Text.Json;

namespace Autograd.Client.Tests.Optim;

/// <summary>
/// <c>Golden/optim_golden.json</c>, written by <c>Golden/make_optim.py</c> with PyTorch 1.13: for
/// each optimizer configuration, the loss, the learning rate and every parameter after each step.
/// </summary>
public sealed record OptimizerGolden(
    IReadOnlyDictionary<string, OptimizerGolden.TensorData> Inputs,
    IReadOnlyDictionary<string, OptimizerGolden.TensorData> Initial,
    IReadOnlyList<OptimizerGolden.Case> Cases)
{
    public sealed record TensorData(int[] Shape, float[] Data)
    {
        public Tensor ToTensor() => Tensor.FromArray(Data, Shape);
    }

    public sealed record Case(string Name, string Optimizer, JsonElement Args, Scheduler? Scheduler, IReadOnlyList<Step> Steps)
    {
        public float Arg(string name, float otherwise) => Args.TryGetProperty(name, out var v) ? v.GetSingle() : otherwise;

        public bool Flag(string name) => Args.TryGetProperty(name, out var v) && v.GetBoolean();

        public float Beta(int index, float otherwise) => Args.TryGetProperty("betas", out var v) ? v[index].GetSingle() : otherwise;
    }

    public sealed record Scheduler(string Kind, int StepSize, float Gamma, int TMax, float EtaMin);

    public sealed record Step(float Loss, double Lr, IReadOnlyDictionary<string, float[]> Params);

    public static OptimizerGolden Instance { get; } = Load();

    private static OptimizerGolden Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "optim_golden.json");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return JsonSerializer.Deserialize<OptimizerGolden>(File.ReadAllText(path), options)
               ?? throw new InvalidDataException($"{path} is empty");
    }
}
