using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>x · sigmoid(x) (SiLU, swish). d/dx = g · s · (1 + x · (1 - s)), s = sigmoid(x).</summary>
public sealed class SiluOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "SiluBackward";

    protected override Tensor Forward(Tensor x) => UnaryMath.Silu(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => UnaryMath.SiluGrad(gradOutput, x);
}
