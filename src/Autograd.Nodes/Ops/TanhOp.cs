using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>tanh(x), a fused primitive. d/dx = g * (1 - y²) from the output y.</summary>
public sealed class TanhOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "TanhBackward";

    protected override Tensor Forward(Tensor x) => Unary.Tanh(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Unary.TanhGrad(gradOutput, y);
}
