using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>a + b with broadcasting. d/da = g, d/db = g (the engine sums each back to its input's shape).</summary>
public sealed class AddOp(OpSpec spec) : BroadcastingOp(spec)
{
    public override string GradFnName => "AddBackward";
    public override bool SavesTensors => false;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Elementwise.Add(inputs[0], inputs[1]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? gradOutput : null, needsGrad[1] ? gradOutput : null];
}
