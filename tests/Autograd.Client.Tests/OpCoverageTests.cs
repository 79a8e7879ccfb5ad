using Autograd.Client.Tests.Cluster;
using Autograd.Client.Tests.EndToEnd;
using Autograd.Ops;

namespace Autograd.Client.Tests;

/// <summary>
/// Every op users build (not the client's own gather and sum_partials) has a sharded-equivalence case
/// (ShardedOpTableTests, whose case names start with the op) and appears in an end-to-end golden graph
/// (Golden/make_graphs*.py): an op added without them fails here, naming it. Its golden and gradcheck
/// cases are enforced in the member's tests (OpCoverageTests there).
/// </summary>
public class OpCoverageTests
{
    private static IEnumerable<string> UserOps =>
        OpTable.Names.Where(name => !OpTable.Create(new OpSpec(name)).IsInternal).Order(StringComparer.Ordinal);

    [Fact]
    public void Every_user_op_has_a_sharded_equivalence_case()
    {
        var cases = ShardedOpTableTests.Cases.Keys.ToArray();
        Assert.Empty(UserOps.Where(op => !cases.Any(c => c == op || c.StartsWith(op + " ", StringComparison.Ordinal)))
            .Select(op => $"{op}: no sharded-equivalence case"));
    }

    [Fact]
    public void Every_user_op_appears_in_an_end_to_end_golden_graph()
    {
        var built = GoldenGraph.Names.Select(GoldenGraph.Named)
            .SelectMany(g => g.Steps)
            .SelectMany(s => (s.TableOps ?? []).Append(GoldenGraphInterpreter.TableNames.GetValueOrDefault(s.Op, s.Op)))
            .ToHashSet();
        Assert.Empty(UserOps.Where(op => !built.Contains(op)).Select(op => $"{op}: in no end-to-end golden graph"));
    }
}
