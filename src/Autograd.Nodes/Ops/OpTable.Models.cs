namespace Autograd.Ops;

// The ops of real models (issue 10): layer norm and dropout (batched matmul, any-rank softmax and
// cross entropy extend the base rows matmul, softmax, log_softmax and cross_entropy).
public static partial class OpTable
{
    static partial void AddModelRows(Dictionary<string, Func<OpSpec, Op>> rows)
    {
        rows["layer_norm"] = s => new LayerNormOp(s);
        rows["dropout"] = s => new DropoutOp(s);
    }
}
