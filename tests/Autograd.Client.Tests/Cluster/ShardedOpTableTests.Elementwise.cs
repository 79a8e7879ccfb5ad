using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

// The elementwise ops of issue 10: per shard when the sharded operands keep their rows and a replicated
// one is the same for every row (a row [4] like B), gathered first when a replicated operand has rows of
// its own (Full). X and Y are positive; a mask times X carries a gradient through the mask's consumer.
public partial class ShardedOpTableTests
{
    static partial void AddElementwiseCases(Dictionary<string, Func<Inputs, Variable>> cases)
    {
        cases["abs"] = i => (i.X - 1f).Abs();
        cases["gelu"] = i => (i.X - 1f).Gelu();
        cases["silu"] = i => (i.X - 1f).Silu();
        cases["log1p"] = i => i.X.Log1p();
        cases["sin"] = i => i.X.Sin();
        cases["cos"] = i => i.X.Cos();
        cases["clamp"] = i => i.X.Clamp(0.8f, 1.5f);
        cases["clamp min only"] = i => i.X.Clamp(min: 1f);
        cases["clamp max only"] = i => i.X.Clamp(max: 1f);
        cases["maximum sharded,sharded"] = i => i.X.Maximum(i.Y);
        cases["maximum sharded,broadcast row"] = i => i.X.Maximum(i.B);
        cases["maximum sharded,replicated of full rows (gathers)"] = i => i.X.Maximum(i.Full);
        cases["minimum sharded,sharded with ties"] = i => i.X.Minimum(i.X.Clamp(max: 1f));
        cases["minimum broadcast row,sharded"] = i => i.B.Minimum(i.X);
        cases["gt sharded,sharded"] = i => i.X.Gt(i.Y);
        cases["gt broadcast row,sharded"] = i => i.B.Gt(i.X);
        cases["lt sharded,sharded"] = i => i.X.Lt(i.Y);
        cases["ge sharded,broadcast row"] = i => i.X.Ge(i.B);
        cases["le sharded,sharded with ties"] = i => i.X.Le(i.X.Clamp(max: 1f));
        cases["eq sharded,sharded with ties"] = i => i.X.Eq(i.X.Clamp(max: 1f));
        cases["eq sharded,replicated of full rows (gathers)"] = i => i.X.Eq(i.Full);
        cases["gt_scalar"] = i => i.X.Gt(1f);
        cases["lt_scalar times x"] = i => i.X.Lt(1f) * i.X;
        cases["ge_scalar"] = i => i.X.Ge(1.2f);
        cases["le_scalar"] = i => i.X.Le(1.2f);
        cases["eq_scalar"] = i => i.X.Clamp(max: 1f).Eq(1f);
        cases["where sharded condition"] = i => Variable.Where(i.X.Gt(i.Y), i.X, i.Y);
        cases["where replicated row condition and row y"] = i => Variable.Where(i.B.Gt(1f), i.X, i.B);
        cases["where condition of full rows (gathers)"] = i => Variable.Where(i.Full.Gt(0f), i.X, i.Y);
        cases["masked_fill sharded mask"] = i => i.X.MaskedFill(i.Y.Gt(1f), 0f);
        cases["masked_fill row mask"] = i => i.X.MaskedFill(i.B.Gt(1f), -1f);
        cases["masked_fill mask of full rows (gathers)"] = i => i.X.MaskedFill(i.Full.Gt(0f), 5f);
    }

    [Fact]
    public async Task Elementwise_ops_and_masks_stay_sharded_unless_a_replicated_operand_has_rows_of_its_own()
    {
        var engine = await clusters.WithMembers(3);
        await using var session = engine.NewSession();
        var i = Make(session, Sharding.Rows(3));

        Assert.Equal(Sharding.Rows(3), (i.X - 1f).Gelu().Abs().Clamp(max: 0.5f).Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.Maximum(i.B).Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.Gt(i.B).Sharding);
        Assert.Equal(Sharding.Rows(3), Variable.Where(i.X.Gt(1f), i.X, i.B).Sharding);
        Assert.Equal(Sharding.Rows(3), i.X.MaskedFill(i.B.Gt(1f), 0f).Sharding);
        Assert.Equal(Sharding.Replicated, i.X.Maximum(i.Full).Sharding);
        Assert.False(i.X.Gt(i.Y).RequiresGrad);
    }
}
