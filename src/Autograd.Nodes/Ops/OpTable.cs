namespace Autograd.Ops;

/// <summary>
/// The op table: every op by name. Adding an op is one file under Ops/ and one row here, or in the
/// row list of its family (<c>OpTable.&lt;Family&gt;.cs</c>).
/// </summary>
public static partial class OpTable
{
    private static readonly Dictionary<string, Func<OpSpec, Op>> Rows = AllRows();

    private static Dictionary<string, Func<OpSpec, Op>> AllRows()
    {
        var rows = BaseRows();
        AddElementwiseRows(rows);
        AddReductionRows(rows);
        AddIndexingRows(rows);
        AddModelRows(rows);
        return rows;
    }

    // The families of ops added for real models; each file adds its rows.
    static partial void AddElementwiseRows(Dictionary<string, Func<OpSpec, Op>> rows);
    static partial void AddReductionRows(Dictionary<string, Func<OpSpec, Op>> rows);
    static partial void AddIndexingRows(Dictionary<string, Func<OpSpec, Op>> rows);
    static partial void AddModelRows(Dictionary<string, Func<OpSpec, Op>> rows);

    private static Dictionary<string, Func<OpSpec, Op>> BaseRows() => new()
    {
        ["add"] = s => new AddOp(s),
        ["sub"] = s => new SubOp(s),
        ["mul"] = s => new MulOp(s),
        ["div"] = s => new DivOp(s),
        ["add_scalar"] = s => new AddScalarOp(s),
        ["sub_scalar"] = s => new SubScalarOp(s),
        ["rsub_scalar"] = s => new RsubScalarOp(s),
        ["mul_scalar"] = s => new MulScalarOp(s),
        ["div_scalar"] = s => new DivScalarOp(s),
        ["rdiv_scalar"] = s => new RdivScalarOp(s),
        ["neg"] = s => new NegOp(s),
        ["pow"] = s => new PowOp(s),
        ["exp"] = s => new ExpOp(s),
        ["log"] = s => new LogOp(s),
        ["sqrt"] = s => new SqrtOp(s),
        ["tanh"] = s => new TanhOp(s),
        ["sigmoid"] = s => new SigmoidOp(s),
        ["relu"] = s => new ReluOp(s),
        ["sum"] = s => new SumOp(s),
        ["mean"] = s => new MeanOp(s),
        ["matmul"] = s => new MatMulOp(s),
        ["linear"] = s => new LinearOp(s),
        ["transpose"] = s => new TransposeOp(s),
        ["reshape"] = s => new ReshapeOp(s),
        ["softmax"] = s => new SoftmaxOp(s),
        ["log_softmax"] = s => new LogSoftmaxOp(s),
        ["mse_loss"] = s => new MseLossOp(s),
        ["cross_entropy"] = s => new CrossEntropyOp(s),
        ["gather"] = s => new GatherOp(s),
        ["sum_partials"] = s => new SumPartialsOp(s),
    };

    /// <summary>All op names, for tests that walk the whole table.</summary>
    public static IReadOnlyCollection<string> Names => Rows.Keys;

    /// <summary>The op for <paramref name="spec"/>; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public static Op Create(OpSpec spec) =>
        Rows.TryGetValue(spec.Name, out var make)
            ? make(spec)
            : throw new ArgumentException($"unknown op '{spec.Name}'; known ops: {string.Join(", ", Rows.Keys.Order())}");
}
