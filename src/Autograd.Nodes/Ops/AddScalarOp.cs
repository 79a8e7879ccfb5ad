using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>x + c. d/dx = g.</summary>
public sealed class AddScalarOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "AddBackward";
    public override bool SavesTensors => false;

    protected override Tensor Forward(Tensor x) => Elementwise.WithScalar(Arithmetic.Add, x, Spec.Scalar);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => gradOutput;
}
