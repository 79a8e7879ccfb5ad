using Autograd.Ops;

namespace Autograd.Client;

// The elementwise ops for real models, PyTorch's semantics. Each is one node; shape errors throw here, at once.
public sealed partial class Variable
{
    /// <summary>|x|; its gradient at 0 is 0, as PyTorch's.</summary>
    public Variable Abs() => Session.Apply(new OpSpec("abs"), this);

    /// <summary>The exact GELU, x · Φ(x) (PyTorch's default, approximate='none').</summary>
    public Variable Gelu() => Session.Apply(new OpSpec("gelu"), this);

    /// <summary>x · sigmoid(x).</summary>
    public Variable Silu() => Session.Apply(new OpSpec("silu"), this);

    /// <summary>log(1 + x), accurate for small x.</summary>
    public Variable Log1p() => Session.Apply(new OpSpec("log1p"), this);

    public Variable Sin() => Session.Apply(new OpSpec("sin"), this);

    public Variable Cos() => Session.Apply(new OpSpec("cos"), this);

    /// <summary>
    /// min(max(x, min), max); either bound may be left out, not both. The gradient passes where
    /// min ≤ x ≤ max, the bounds included, as in PyTorch.
    /// </summary>
    public Variable Clamp(float? min = null, float? max = null) => Session.Apply(new OpSpec("clamp", Min: min, Max: max), this);

    /// <summary>Elementwise maximum with broadcasting; at ties the gradient is split half and half, as in PyTorch 1.13.</summary>
    public Variable Maximum(Variable other) => Session.Apply(new OpSpec("maximum"), this, other);

    /// <summary>Elementwise minimum with broadcasting; at ties the gradient is split half and half, as in PyTorch 1.13.</summary>
    public Variable Minimum(Variable other) => Session.Apply(new OpSpec("minimum"), this, other);

    // Masks: float 1 where the comparison holds, else 0 (NaN compares false). A mask never requires grad.

    public Variable Gt(float other) => Session.Apply(new OpSpec("gt_scalar", other), this);
    public Variable Gt(Variable other) => Session.Apply(new OpSpec("gt"), this, other);
    public Variable Lt(float other) => Session.Apply(new OpSpec("lt_scalar", other), this);
    public Variable Lt(Variable other) => Session.Apply(new OpSpec("lt"), this, other);
    public Variable Ge(float other) => Session.Apply(new OpSpec("ge_scalar", other), this);
    public Variable Ge(Variable other) => Session.Apply(new OpSpec("ge"), this, other);
    public Variable Le(float other) => Session.Apply(new OpSpec("le_scalar", other), this);
    public Variable Le(Variable other) => Session.Apply(new OpSpec("le"), this, other);
    public Variable Eq(float other) => Session.Apply(new OpSpec("eq_scalar", other), this);
    public Variable Eq(Variable other) => Session.Apply(new OpSpec("eq"), this, other);

    /// <summary>
    /// x where <paramref name="condition"/> (a 0/1 float mask; any nonzero value counts as true) holds, else y,
    /// all three broadcast against each other. Gradients flow to x and y only.
    /// </summary>
    public static Variable Where(Variable condition, Variable x, Variable y)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Session.Apply(new OpSpec("where"), condition, x, y);
    }

    /// <summary>
    /// <paramref name="value"/> where <paramref name="mask"/> (0/1 float, broadcast onto this) is not 0, else this.
    /// The gradient is 0 where filled.
    /// </summary>
    public Variable MaskedFill(Variable mask, float value) => Session.Apply(new OpSpec("masked_fill", value), this, mask);
}
