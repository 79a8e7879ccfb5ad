using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>sin(x). d/dx = g · cos(x).</summary>
public sealed class SinOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "SinBackward";

    protected override Tensor Forward(Tensor x) => UnaryMath.Sin(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => UnaryMath.SinGrad(gradOutput, x);
}
