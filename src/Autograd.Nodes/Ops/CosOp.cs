using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>cos(x). d/dx = -g · sin(x).</summary>
public sealed class CosOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "CosBackward";

    protected override Tensor Forward(Tensor x) => UnaryMath.Cos(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => UnaryMath.CosGrad(gradOutput, x);
}
