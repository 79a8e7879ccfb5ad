using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>a * b with broadcasting. d/da = g * b, d/db = g * a (in the broadcast shape).</summary>
public sealed class MulOp(OpSpec spec) : BroadcastingOp(spec)
{
    public override string GradFnName => "MulBackward";

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Elementwise.Multiply(inputs[0], inputs[1]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
    [
        needsGrad[0] ? Elementwise.Multiply(gradOutput, inputs[1]) : null,
        needsGrad[1] ? Elementwise.Multiply(gradOutput, inputs[0]) : null,
    ];
}
