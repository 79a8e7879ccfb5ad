using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>x * c. d/dx = g * c.</summary>
public sealed class MulScalarOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "MulBackward";
    public override bool SavesTensors => false;

    protected override Tensor Forward(Tensor x) => Elementwise.WithScalar(Arithmetic.Multiply, x, Spec.Scalar);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Elementwise.WithScalar(Arithmetic.Multiply, gradOutput, Spec.Scalar);
}
