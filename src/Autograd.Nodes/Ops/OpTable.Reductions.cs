namespace Autograd.Ops;

// The reductions added for real models (issue 10): extremes with their indices, variance, and the
// internal ops that run them over row-sharded inputs (a shard's partial, and the join of the partials).
public static partial class OpTable
{
    static partial void AddReductionRows(Dictionary<string, Func<OpSpec, Op>> rows)
    {
        rows["max"] = s => new MaxOp(s);
        rows["min"] = s => new MinOp(s);
        rows["argmax"] = s => new ArgMaxOp(s);
        rows["argmin"] = s => new ArgMinOp(s);
        rows["var"] = s => new VarOp(s);
        rows["std"] = s => new StdOp(s);

        rows["max_partial"] = s => new ExtremumPartialOp(s, largest: true);
        rows["min_partial"] = s => new ExtremumPartialOp(s, largest: false);
        rows["max_partials"] = s => new ExtremumPartialsOp(s, largest: true);
        rows["min_partials"] = s => new ExtremumPartialsOp(s, largest: false);
        rows["argmax_partials"] = s => new ArgExtremumPartialsOp(s, largest: true);
        rows["argmin_partials"] = s => new ArgExtremumPartialsOp(s, largest: false);
        rows["moments"] = s => new MomentsOp(s);
        rows["var_partials"] = s => new VariancePartialsOp(s, root: false);
        rows["std_partials"] = s => new VariancePartialsOp(s, root: true);
    }
}
