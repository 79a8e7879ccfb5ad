using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>a / b with broadcasting. d/da = g / b; d/db = -g * a / b² = -(g / b) * (a / b), reusing the output.</summary>
public sealed class DivOp(OpSpec spec) : BroadcastingOp(spec)
{
    public override string GradFnName => "DivBackward";

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Elementwise.Divide(inputs[0], inputs[1]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0] && !needsGrad[1]) return [null, null];
        var quotient = Elementwise.Divide(gradOutput, inputs[1]);
        return
        [
            needsGrad[0] ? quotient : null,
            needsGrad[1] ? Unary.Negate(Elementwise.Multiply(quotient, output)) : null,
        ];
    }
}
