using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>a - b with broadcasting. d/da = g, d/db = -g.</summary>
public sealed class SubOp(OpSpec spec) : BroadcastingOp(spec)
{
    public override string GradFnName => "SubBackward";
    public override bool SavesTensors => false;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Elementwise.Subtract(inputs[0], inputs[1]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? gradOutput : null, needsGrad[1] ? Unary.Negate(gradOutput) : null];
}
