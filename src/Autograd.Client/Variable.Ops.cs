using Autograd.Ops;

namespace Autograd.Client;

// The ops a user builds graphs with. Each is one node; shape errors throw here, at once.
public sealed partial class Variable
{
    public static Variable operator +(Variable a, Variable b) => a.Session.Apply(new OpSpec("add"), a, b);
    public static Variable operator -(Variable a, Variable b) => a.Session.Apply(new OpSpec("sub"), a, b);
    public static Variable operator *(Variable a, Variable b) => a.Session.Apply(new OpSpec("mul"), a, b);
    public static Variable operator /(Variable a, Variable b) => a.Session.Apply(new OpSpec("div"), a, b);

    public static Variable operator +(Variable a, float c) => a.Session.Apply(new OpSpec("add_scalar", c), a);
    public static Variable operator +(float c, Variable a) => a.Session.Apply(new OpSpec("add_scalar", c), a);
    public static Variable operator -(Variable a, float c) => a.Session.Apply(new OpSpec("sub_scalar", c), a);
    public static Variable operator -(float c, Variable a) => a.Session.Apply(new OpSpec("rsub_scalar", c), a);
    public static Variable operator *(Variable a, float c) => a.Session.Apply(new OpSpec("mul_scalar", c), a);
    public static Variable operator *(float c, Variable a) => a.Session.Apply(new OpSpec("mul_scalar", c), a);
    public static Variable operator /(Variable a, float c) => a.Session.Apply(new OpSpec("div_scalar", c), a);
    public static Variable operator /(float c, Variable a) => a.Session.Apply(new OpSpec("rdiv_scalar", c), a);

    public static Variable operator -(Variable a) => a.Session.Apply(new OpSpec("neg"), a);

    public Variable Pow(float exponent) => Session.Apply(new OpSpec("pow", exponent), this);
    public Variable Exp() => Session.Apply(new OpSpec("exp"), this);
    public Variable Log() => Session.Apply(new OpSpec("log"), this);
    public Variable Sqrt() => Session.Apply(new OpSpec("sqrt"), this);
    public Variable Tanh() => Session.Apply(new OpSpec("tanh"), this);
    public Variable Sigmoid() => Session.Apply(new OpSpec("sigmoid"), this);
    public Variable Relu() => Session.Apply(new OpSpec("relu"), this);

    /// <summary>Sum of all elements: a 0-dimensional variable.</summary>
    public Variable Sum() => Session.Apply(new OpSpec("sum"), this);
    public Variable Sum(int dim, bool keepDim = false) => Session.Apply(new OpSpec("sum", Dim: dim, KeepDim: keepDim), this);

    /// <summary>Mean of all elements: a 0-dimensional variable.</summary>
    public Variable Mean() => Session.Apply(new OpSpec("mean"), this);
    public Variable Mean(int dim, bool keepDim = false) => Session.Apply(new OpSpec("mean", Dim: dim, KeepDim: keepDim), this);

    public Variable MatMul(Variable other) => Session.Apply(new OpSpec("matmul"), this, other);

    /// <summary>x·Wᵀ (+ b) in one node, as <c>torch.nn.functional.linear</c>: weight [out, in], bias [out].</summary>
    public Variable Linear(Variable weight, Variable? bias = null) =>
        bias is null
            ? Session.Apply(new OpSpec("linear", Parts: 2), this, weight)
            : Session.Apply(new OpSpec("linear", Parts: 3), this, weight, bias);

    /// <summary>Transpose of a 2-d variable.</summary>
    public Variable T() => Session.Apply(new OpSpec("transpose"), this);

    /// <summary>The same elements under <paramref name="shape"/>; one size may be -1.</summary>
    public Variable Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var target = (int[])shape.Clone();
        // Rows kept as they are: let each shard infer its own (the same meaning, and it can stay sharded).
        if (IsSharded && target.Length > 0 && _shape.Length > 0 && target[0] == _shape[0] && !target.Contains(-1)) target[0] = -1;
        return Session.Apply(new OpSpec("reshape", Shape: target), this);
    }

    public Variable Softmax(int dim) => Session.Apply(new OpSpec("softmax", Dim: dim), this);
    public Variable LogSoftmax(int dim) => Session.Apply(new OpSpec("log_softmax", Dim: dim), this);

    /// <summary>Mean squared error against <paramref name="target"/> (0-dimensional).</summary>
    public Variable MseLoss(Variable target) => Session.Apply(new OpSpec("mse_loss"), this, target);

    /// <summary>Mean cross-entropy of these logits against class indices stored as float32 (0-dimensional).</summary>
    public Variable CrossEntropy(Variable labels) => Session.Apply(new OpSpec("cross_entropy"), this, labels);
}
