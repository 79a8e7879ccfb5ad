namespace Autograd.Optim;

/// <summary>
/// A parameter's optimizer state, kept in its node beside its value and gradient: PyTorch's
/// per-parameter <c>optimizer.state[p]</c> (<c>momentum_buffer</c>; <c>step</c>, <c>exp_avg</c>,
/// <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>). The buffers belong to the node alone and are
/// updated in place; they leave it only as copies (<see cref="Export"/>), so nobody else ever
/// sees them change.
/// </summary>
public sealed class ParameterState
{
    public const string MomentumBuffer = "momentum_buffer";
    public const string Step = "step";
    public const string ExpAvg = "exp_avg";
    public const string ExpAvgSq = "exp_avg_sq";
    public const string MaxExpAvgSq = "max_exp_avg_sq";

    private readonly SortedDictionary<string, float[]> _buffers = new(StringComparer.Ordinal);

    /// <summary>Steps taken with Adam or AdamW (a float tensor in PyTorch 1.13, exact up to 2^24).</summary>
    public float Steps { get; set; }

    public bool IsEmpty => _buffers.Count == 0 && Steps == 0;

    /// <summary>The buffer called <paramref name="name"/>, zeros of <paramref name="length"/> on first use (as PyTorch initialises its moments).</summary>
    internal float[] Buffer(string name, int length)
    {
        if (!_buffers.TryGetValue(name, out var buffer)) _buffers.Add(name, buffer = new float[length]);
        return buffer;
    }

    internal bool Has(string name) => _buffers.ContainsKey(name);

    /// <summary>Copies of the state as named tensors, each buffer in the parameter's shape and <c>step</c> 0-dimensional.</summary>
    public (string[] Names, Tensor[] Tensors) Export(int[] shape)
    {
        var names = new List<string>();
        var tensors = new List<Tensor>();
        if (Steps != 0)
        {
            names.Add(Step);
            tensors.Add(Tensor.Scalar(Steps));
        }
        foreach (var (name, buffer) in _buffers)
        {
            names.Add(name);
            tensors.Add(Tensor.FromArray(buffer, shape));
        }
        return ([.. names], [.. tensors]);
    }

    /// <summary>State restored from <see cref="Export"/>'s form; every buffer must have the parameter's shape.</summary>
    public static ParameterState Import(string[] names, Tensor[] tensors, ReadOnlySpan<int> shape)
    {
        if (names.Length != tensors.Length)
            throw new ArgumentException($"optimizer state has {names.Length} names but {tensors.Length} tensors");
        var state = new ParameterState();
        for (int i = 0; i < names.Length; i++)
        {
            var (name, tensor) = (names[i], tensors[i]);
            if (name == Step)
            {
                state.Steps = tensor.Count == 1 && tensor.Item() >= 0 && float.IsInteger(tensor.Item())
                    ? tensor.Item()
                    : throw new ArgumentException($"optimizer state 'step' must be one non-negative integer, got {tensor.Count} values");
                continue;
            }
            if (name is not (MomentumBuffer or ExpAvg or ExpAvgSq or MaxExpAvgSq))
                throw new ArgumentException($"unknown optimizer state '{name}'");
            if (!tensor.Dims.SequenceEqual(shape))
                throw new ArgumentException(
                    $"optimizer state '{name}' has shape {Tensor.ShapeText(tensor.Dims)} but the parameter has shape {Tensor.ShapeText(shape)}");
            if (!state._buffers.TryAdd(name, tensor.ToArray()))
                throw new ArgumentException($"optimizer state '{name}' given twice");
        }
        return state;
    }
}
