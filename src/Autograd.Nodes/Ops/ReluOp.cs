using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>max(x, 0). d/dx = g where the output is positive, else 0 (0 at x = 0, as PyTorch).</summary>
public sealed class ReluOp(OpSpec spec) : UnaryOp(spec)
{
    public override string GradFnName => "ReluBackward";

    protected override Tensor Forward(Tensor x) => Unary.Relu(x);

    protected override Tensor Backward(Tensor gradOutput, Tensor x, Tensor y) => Unary.ReluGrad(gradOutput, y);
}
