using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>|x|. d/dx = g · sign(x), 0 at x = 0 as PyTorch (a subgradient; sqrt(x²) would give NaN there).</summary>
public sealed class AbsOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "AbsBackward";

    protected override Tensor Forward(Tensor x) => UnaryMath.Abs(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => UnaryMath.AbsGrad(gradOutput, x);
}
