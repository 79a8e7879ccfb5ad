using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>sigmoid(x), a fused primitive. d/dx = g * y * (1 - y) from the output y.</summary>
public sealed class SigmoidOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "SigmoidBackward";

    protected override Tensor Forward(Tensor x) => Unary.Sigmoid(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Unary.SigmoidGrad(gradOutput, y);
}
