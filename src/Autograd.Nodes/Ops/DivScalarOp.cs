using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>x / c. d/dx = g / c.</summary>
public sealed class DivScalarOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "DivBackward";
    public override bool SavesTensors => false;

    protected override Tensor Forward(Tensor x) => Elementwise.WithScalar(Arithmetic.Divide, x, Spec.Scalar);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Elementwise.WithScalar(Arithmetic.Divide, gradOutput, Spec.Scalar);
}
