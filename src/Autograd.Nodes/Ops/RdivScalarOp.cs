using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>c / x. d/dx = -c / x² = -g * y / x, reusing the output y.</summary>
public sealed class RdivScalarOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "DivBackward";

    protected override Tensor Forward(Tensor x) => Elementwise.ScalarWith(Arithmetic.Divide, Spec.Scalar, x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Unary.Negate(Elementwise.Divide(Elementwise.Multiply(gradOutput, y), x));
}
