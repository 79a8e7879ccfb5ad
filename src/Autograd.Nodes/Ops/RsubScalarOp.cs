using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>c - x. d/dx = -g.</summary>
public sealed class RsubScalarOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "RsubBackward";
    public override bool SavesTensors => false;

    protected override Tensor Forward(Tensor x) => Elementwise.ScalarWith(Arithmetic.Subtract, Spec.Scalar, x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Unary.Negate(gradOutput);
}
