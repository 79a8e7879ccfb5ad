namespace Autograd.Ops;

// The elementwise ops for real models (issue 10): unary math, clamp, maximum and minimum, masks, where, masked_fill.
public static partial class OpTable
{
    static partial void AddElementwiseRows(Dictionary<string, Func<OpSpec, Op>> rows)
    {
        rows["abs"] = s => new AbsOp(s);
        rows["gelu"] = s => new GeluOp(s);
        rows["silu"] = s => new SiluOp(s);
        rows["log1p"] = s => new Log1pOp(s);
        rows["sin"] = s => new SinOp(s);
        rows["cos"] = s => new CosOp(s);
        rows["clamp"] = s => new ClampOp(s);
        rows["maximum"] = s => new MaximumOp(s);
        rows["minimum"] = s => new MinimumOp(s);
        rows["gt"] = s => new GtOp(s);
        rows["lt"] = s => new LtOp(s);
        rows["ge"] = s => new GeOp(s);
        rows["le"] = s => new LeOp(s);
        rows["eq"] = s => new EqOp(s);
        rows["gt_scalar"] = s => new GtScalarOp(s);
        rows["lt_scalar"] = s => new LtScalarOp(s);
        rows["ge_scalar"] = s => new GeScalarOp(s);
        rows["le_scalar"] = s => new LeScalarOp(s);
        rows["eq_scalar"] = s => new EqScalarOp(s);
        rows["where"] = s => new WhereOp(s);
        rows["masked_fill"] = s => new MaskedFillOp(s);
    }
}
