using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>sqrt(x). d/dx = g / (2 sqrt(x)), from the output.</summary>
public sealed class SqrtOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "SqrtBackward";

    protected override Tensor Forward(Tensor x) => Unary.Sqrt(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Elementwise.WithScalar(Arithmetic.Multiply, Elementwise.Divide(gradOutput, y), 0.5f);
}
