namespace Autograd.Ops;

/// <summary>torch.std: the square root of <see cref="VarOp"/>'s variance (see <see cref="VarianceOp"/>).</summary>
public sealed class StdOp(OpSpec spec) : VarianceOp(spec)
{
    public override string GradFnName => "StdBackward";
    protected override bool Root => true;
}
