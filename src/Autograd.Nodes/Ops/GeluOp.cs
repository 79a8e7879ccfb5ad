using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>GELU in its exact form, x · Φ(x) with Φ the standard normal CDF (PyTorch's default, approximate='none'). d/dx = g · (Φ(x) + x · φ(x)).</summary>
public sealed class GeluOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "GeluBackward";

    protected override Tensor Forward(Tensor x) => UnaryMath.Gelu(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => UnaryMath.GeluGrad(gradOutput, x);
}
