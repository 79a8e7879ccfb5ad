namespace Autograd.Ops;

/// <summary>torch.min: of every element, or the values along Dim (see <see cref="ExtremumOp"/>).</summary>
public sealed class MinOp(OpSpec spec) : ExtremumOp(spec)
{
    public override string GradFnName => "MinBackward";
    protected override bool Largest => false;
}
