using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>log(1 + x), accurate for small x. d/dx = g / (1 + x).</summary>
public sealed class Log1pOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "Log1PBackward";

    protected override Tensor Forward(Tensor x) => UnaryMath.Log1p(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => UnaryMath.Log1pGrad(gradOutput, x);
}
