namespace Autograd.Ops;

/// <summary>torch.var: of every element or along Dim, unbiased by default (see <see cref="VarianceOp"/>).</summary>
public sealed class VarOp(OpSpec spec) : VarianceOp(spec)
{
    public override string GradFnName => "VarBackward";
    protected override bool Root => false;
}
