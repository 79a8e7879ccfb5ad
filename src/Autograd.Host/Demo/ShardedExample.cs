using Autograd.Client;

namespace Autograd.Host.Demo;

/// <summary>
/// A data-parallel step on an embedded three-member cluster: the batch row-sharded over the
/// members, the weights replicated; prints where each shard lives and checks the gradient of
/// the weights against the same step unsharded.
/// </summary>
internal static class ShardedExample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3 });
        await using var s = engine.NewSession();

        output.WriteLine(">>> # three members in this process, joined as a cluster over loopback");
        output.WriteLine(">>> x = batch of 6 rows, Rows(3); w = weights 4x2 (replicated, requires grad)");
        var data = Tensor.RandomUniform(7, -1f, 1f, 6, 4);
        var weights = Tensor.RandomUniform(8, -1f, 1f, 4, 2);
        var x = s.Variable(data, sharding: Sharding.Rows(3));
        var w = s.Variable(weights, requiresGrad: true);
        for (int i = 0; i < x.Placement.Count; i++)
            output.WriteLine($"x shard {i} (rows {2 * i}-{2 * i + 1}) lives on {x.Placement[i]}");
        output.WriteLine($"w lives on {w.Placement[0]}");

        output.WriteLine(">>> loss = x.matmul(w).tanh().pow(2).mean(); loss.backward()");
        var h = x.MatMul(w).Tanh();
        output.WriteLine($"x.matmul(w).tanh() is {h.Sharding}: each member multiplies its own rows by w");
        var loss = h.Pow(2).Mean();
        await loss.BackwardAsync();
        output.WriteLine($"loss = {await loss.ItemAsync():0.######} (partial sums from each member, added on one)");
        var sharded = (await w.GradAsync())!;
        output.WriteLine("w.grad (the sum of the three members' partial gradients):");
        output.WriteLine(sharded);

        var wPlain = s.Variable(weights, requiresGrad: true);
        await s.Variable(data).MatMul(wPlain).Tanh().Pow(2).Mean().BackwardAsync();
        var plain = (await wPlain.GradAsync())!;
        var diff = plain.ToArray().Zip(sharded.ToArray(), (a, b) => MathF.Abs(a - b)).Max();
        output.WriteLine($"# the same step unsharded gives the same w.grad (max |difference| {diff:0.0e+0})");
    }
}
