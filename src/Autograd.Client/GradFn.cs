namespace Autograd.Client;

/// <summary>
/// The backward function of a variable, as PyTorch's <c>grad_fn</c>: the op's backward for a
/// computed variable, <c>AccumulateGrad</c> for a leaf that requires grad (reached only through
/// <see cref="NextFunctions"/>, as in PyTorch, where a leaf's own <c>grad_fn</c> is None).
/// </summary>
public sealed class GradFn
{
    private readonly Variable _variable;

    internal GradFn(string name, Variable variable)
    {
        Name = name;
        _variable = variable;
    }

    /// <summary>PyTorch's name without its version digit: "AddBackward", "MulBackward", "MeanBackward", "AccumulateGrad".</summary>
    public string Name { get; }

    /// <summary>
    /// Where the gradient goes next, one entry per input of the op, as PyTorch's
    /// <c>grad_fn.next_functions</c>: the input's <see cref="GradFn"/> (<c>AccumulateGrad</c> for a leaf
    /// that requires grad) with the input number, or <c>(null, 0)</c> for an input that receives no gradient.
    /// </summary>
    public IReadOnlyList<(GradFn? Function, int InputNumber)> NextFunctions => _variable.NextFunctions();

    /// <summary>The variable a leaf's <c>AccumulateGrad</c> accumulates into (PyTorch's <c>.variable</c>); null for an op's backward.</summary>
    public Variable? Variable => _variable.IsLeaf ? _variable : null;

    /// <summary>Like PyTorch's <c>&lt;AddBackward0&gt;</c>.</summary>
    public override string ToString() => Name == AccumulateGrad ? $"<{Name}>" : $"<{Name}0>";

    internal const string AccumulateGrad = "AccumulateGrad";
}
