namespace Autograd.Ops;

/// <summary>torch.max: of every element, or the values along Dim (see <see cref="ExtremumOp"/>).</summary>
public sealed class MaxOp(OpSpec spec) : ExtremumOp(spec)
{
    public override string GradFnName => "MaxBackward";
    protected override bool Largest => true;
}
