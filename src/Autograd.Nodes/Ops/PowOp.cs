using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>x ^ c for a scalar exponent c. d/dx = g * c * x^(c-1) (zero for c = 0).</summary>
public sealed class PowOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "PowBackward";

    protected override Tensor Forward(Tensor x) => Unary.Pow(x, Spec.Scalar);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Unary.PowGrad(gradOutput, x, Spec.Scalar);
}
