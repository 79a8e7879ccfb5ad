using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>-x. d/dx = -g.</summary>
public sealed class NegOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "NegBackward";
    public override bool SavesTensors => false;

    protected override Tensor Forward(Tensor x) => Unary.Negate(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Unary.Negate(gradOutput);
}
