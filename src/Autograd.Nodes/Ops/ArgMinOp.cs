namespace Autograd.Ops;

/// <summary>torch.argmin along a dim (see <see cref="ArgExtremumOp"/>).</summary>
public sealed class ArgMinOp(OpSpec spec) : ArgExtremumOp(spec)
{
    // never shown: the result of a non-differentiable op has no grad_fn
    public override string GradFnName => "ArgminBackward";
    protected override bool Largest => false;
}
