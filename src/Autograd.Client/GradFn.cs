namespace Autograd.Client;

/// <summary>The backward function of a non-leaf variable, as PyTorch's <c>grad_fn</c>.</summary>
public sealed class GradFn
{
    internal GradFn(string name) => Name = name;

    /// <summary>PyTorch's name without its version digit: "AddBackward", "MulBackward", "MeanBackward".</summary>
    public string Name { get; }

    /// <summary>Like PyTorch's <c>&lt;AddBackward0&gt;</c>.</summary>
    public override string ToString() => $"<{Name}0>";
}
