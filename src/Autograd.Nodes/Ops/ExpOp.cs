using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>exp(x). d/dx = g * exp(x), which is the output.</summary>
public sealed class ExpOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "ExpBackward";

    protected override Tensor Forward(Tensor x) => Unary.Exp(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Elementwise.Multiply(gradOutput, y);
}
