using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>
/// Every op of the table is checked against PyTorch and against finite differences: an op added
/// without its golden (Golden/make_golden*.py) or its gradcheck case (GradCheckCases) fails here,
/// naming it. Its sharded and end-to-end cases are enforced in the client's tests (OpCoverageTests there).
/// </summary>
public class OpCoverageTests
{
    [Fact]
    public void Every_op_in_the_table_has_a_PyTorch_golden_and_a_gradcheck_case()
    {
        var golden = GoldenCases.All.Select(c => c.Spec.Name).ToHashSet();
        var gradcheck = GradCheckCases.All.Select(c => c.Spec.Name).ToHashSet();

        Assert.Empty(OpTable.Names.Where(op => !golden.Contains(op)).Select(op => $"{op}: no PyTorch golden"));
        Assert.Empty(OpTable.Names.Where(op => !gradcheck.Contains(op)).Select(op => $"{op}: no gradcheck case"));
    }

    [Fact]
    public void Every_golden_and_gradcheck_case_names_an_op_of_the_table()
    {
        var ops = OpTable.Names.ToHashSet();
        Assert.Empty(GoldenCases.All.Where(c => !ops.Contains(c.Spec.Name)).Select(c => c.Name));
        Assert.Empty(GradCheckCases.All.Where(c => !ops.Contains(c.Spec.Name)).Select(c => c.Name));
    }
}
