using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>Natural log. d/dx = g / x.</summary>
public sealed class LogOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "LogBackward";

    protected override Tensor Forward(Tensor x) => Unary.Log(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Elementwise.Divide(gradOutput, x);
}
