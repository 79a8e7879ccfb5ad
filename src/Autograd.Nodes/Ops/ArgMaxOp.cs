namespace Autograd.Ops;

/// <summary>torch.argmax along a dim (see <see cref="ArgExtremumOp"/>).</summary>
public sealed class ArgMaxOp(OpSpec spec) : ArgExtremumOp(spec)
{
    // never shown: the result of a non-differentiable op has no grad_fn
    public override string GradFnName => "ArgmaxBackward";
    protected override bool Largest => true;
}
