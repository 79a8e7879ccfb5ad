using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>x - c. d/dx = g.</summary>
public sealed class SubScalarOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "SubBackward";
    public override bool SavesTensors => false;

    protected override Tensor Forward(Tensor x) => Elementwise.WithScalar(Arithmetic.Subtract, x, Spec.Scalar);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => gradOutput;
}
