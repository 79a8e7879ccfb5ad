using Autograd.Ops;

namespace Autograd.Client;

// Reductions for real models (issue 10), with PyTorch 1.13's semantics. Indices are float32
// holding integers and never require grad.
public sealed partial class Variable
{
    /// <summary>The maximum along <paramref name="dim"/> and the index of its first occurrence (<c>torch.max(x, dim)</c>).</summary>
    public (Variable Values, Variable Indices) Max(int dim, bool keepDim = false) =>
        (Session.Apply(new OpSpec("max", Dim: dim, KeepDim: keepDim), this), ArgMax(dim, keepDim));

    /// <summary>The minimum along <paramref name="dim"/> and the index of its first occurrence (<c>torch.min(x, dim)</c>).</summary>
    public (Variable Values, Variable Indices) Min(int dim, bool keepDim = false) =>
        (Session.Apply(new OpSpec("min", Dim: dim, KeepDim: keepDim), this), ArgMin(dim, keepDim));

    /// <summary>The maximum of all elements, 0-dimensional; its gradient is split evenly among ties.</summary>
    public Variable Max() => Session.Apply(new OpSpec("max"), this);

    /// <summary>The minimum of all elements, 0-dimensional; its gradient is split evenly among ties.</summary>
    public Variable Min() => Session.Apply(new OpSpec("min"), this);

    /// <summary>The index of the first maximum along <paramref name="dim"/> (NaN counts as the maximum).</summary>
    public Variable ArgMax(int dim, bool keepDim = false) => Session.Apply(new OpSpec("argmax", Dim: dim, KeepDim: keepDim), this);

    /// <summary>The index of the first minimum along <paramref name="dim"/> (NaN counts as the minimum).</summary>
    public Variable ArgMin(int dim, bool keepDim = false) => Session.Apply(new OpSpec("argmin", Dim: dim, KeepDim: keepDim), this);

    /// <summary>The variance along <paramref name="dim"/>, with Bessel's correction when <paramref name="unbiased"/>.</summary>
    public Variable Var(int dim, bool unbiased = true, bool keepDim = false) =>
        Session.Apply(new OpSpec("var", Dim: dim, KeepDim: keepDim, Unbiased: unbiased), this);

    /// <summary>The standard deviation along <paramref name="dim"/>, with Bessel's correction when <paramref name="unbiased"/>.</summary>
    public Variable Std(int dim, bool unbiased = true, bool keepDim = false) =>
        Session.Apply(new OpSpec("std", Dim: dim, KeepDim: keepDim, Unbiased: unbiased), this);

    /// <summary>The variance of all elements, 0-dimensional.</summary>
    public Variable Var(bool unbiased = true) => Session.Apply(new OpSpec("var", Unbiased: unbiased), this);

    /// <summary>The standard deviation of all elements, 0-dimensional.</summary>
    public Variable Std(bool unbiased = true) => Session.Apply(new OpSpec("std", Unbiased: unbiased), this);

    /// <summary>The sum over several dims at once (negative ones count from the end; an empty list sums everything, as PyTorch 1.13).</summary>
    public Variable Sum(int[] dims, bool keepDim = false) =>
        Session.Apply(new OpSpec("sum", KeepDim: keepDim, Dims: (int[])dims.Clone()), this);

    /// <summary>The mean over several dims at once (negative ones count from the end; an empty list averages everything, as PyTorch 1.13).</summary>
    public Variable Mean(int[] dims, bool keepDim = false) =>
        Session.Apply(new OpSpec("mean", KeepDim: keepDim, Dims: (int[])dims.Clone()), this);
}
