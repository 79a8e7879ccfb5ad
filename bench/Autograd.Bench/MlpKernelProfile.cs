using System.Diagnostics;
using Autograd.Ops;

namespace Autograd.Bench;

/// <summary>
/// Part of <c>engine --phases</c>: the MLP step's kernels called directly, one by one, in the
/// order the engine runs them (forward, then the VJPs through <see cref="GradientRules.Apply"/>,
/// which includes summing the bias gradients over the batch). Medians per kernel, so the
/// engine's overhead (the step's time minus the sum) and the slow kernel stand out; the same
/// list is printed by <c>bench/reference/mlp_profile.py</c> for PyTorch's ops. Beside each time:
/// the median minor page faults (a fresh 4 MB output whose pages the GC had decommitted costs
/// ~1K faults, ~2 ms here) and the gen2 collections the kernel's allocation triggered in all
/// repetitions (~4 ms each), the two ways a cheap elementwise kernel turns slow.
/// </summary>
internal static class MlpKernelProfile
{
    private const int WarmUpSteps = 40;

    public static void Run(int batch, int repetitions)
    {
        var x = Tensor.RandomNormal(7, batch, 784);
        var labels = Tensor.FromArray(Enumerable.Range(0, batch).Select(i => (float)(i * 7919 % 10)).ToArray(), batch);
        var w1 = Tensor.RandomUniform(1, -0.05f, 0.05f, 784, 256);
        var b1 = Tensor.Zeros(256);
        var w2 = Tensor.RandomUniform(2, -0.05f, 0.05f, 256, 10);
        var b2 = Tensor.Zeros(10);
        Op matmul = OpTable.Create(new OpSpec("matmul")), add = OpTable.Create(new OpSpec("add")),
           relu = OpTable.Create(new OpSpec("relu")), loss = OpTable.Create(new OpSpec("cross_entropy"));

        var names = new List<string>();
        var samples = new List<List<double>>();
        var faults = new List<List<long>>();
        var gen2s = new List<int>();
        int[] collectionsBefore = [];
        // Warm-up steps first (r < WarmUpSteps, not recorded): the JIT fully optimizes a kernel only
        // after 30 calls, and this table is about the steady state of a training loop.
        for (int r = 0; r < WarmUpSteps + repetitions; r++)
        {
            if (r == WarmUpSteps) collectionsBefore = [.. Enumerable.Range(0, 3).Select(GC.CollectionCount)];
            var watch = Stopwatch.StartNew();
            int slot = 0;
            T Time<T>(string name, Func<T> kernel)
            {
                long faultsBefore = PageFaults.Minor();
                int gen2Before = GC.CollectionCount(2);
                double start = watch.Elapsed.TotalMilliseconds;
                T result = kernel();
                double elapsed = watch.Elapsed.TotalMilliseconds - start;
                long faulted = PageFaults.Minor() - faultsBefore;
                int gen2 = GC.CollectionCount(2) - gen2Before;
                if (r == 0) { names.Add(name); samples.Add([]); faults.Add([]); gen2s.Add(0); }
                if (r >= WarmUpSteps) { samples[slot].Add(elapsed); faults[slot].Add(faulted); gen2s[slot] += gen2; }
                slot++;
                return result;
            }

            var h0 = Time("fwd matmul X·W1", () => matmul.Forward([x, w1]));
            var h1 = Time("fwd add b1 (broadcast)", () => add.Forward([h0, b1]));
            var h = Time("fwd relu", () => relu.Forward([h1]));
            var z0 = Time("fwd matmul H·W2", () => matmul.Forward([h, w2]));
            var z = Time("fwd add b2 (broadcast)", () => add.Forward([z0, b2]));
            var l = Time("fwd cross_entropy", () => loss.Forward([z, labels]));
            var dz = Time("bwd cross_entropy", () => GradientRules.Apply(loss, Tensor.Scalar(1f), [z, labels], l, [true, false])[0]!);
            var dAdd2 = Time("bwd add b2 (sum over batch)", () => GradientRules.Apply(add, dz, [z0, b2], z, [true, true]));
            var dMm2 = Time("bwd matmul dH, dW2", () => GradientRules.Apply(matmul, dAdd2[0]!, [h, w2], z0, [true, true]));
            var dh1 = Time("bwd relu", () => GradientRules.Apply(relu, dMm2[0]!, [h1], h, [true])[0]!);
            var dAdd1 = Time("bwd add b1 (sum over batch)", () => GradientRules.Apply(add, dh1, [h0, b1], h1, [true, true]));
            _ = Time("bwd matmul dW1 = Xᵀ·dH", () => GradientRules.Apply(matmul, dAdd1[0]!, [x, w1], h0, [false, true]));
            _ = Time("accumulate (first grad: none)", () => GradientRules.Accumulate(null, dAdd1[1]!));
        }

        var collections = Enumerable.Range(0, 3).Select(g => (GC.CollectionCount(g) - collectionsBefore[g]) / (double)repetitions).ToArray();
        Console.WriteLine($"  MLP 784-256-10 batch {batch}, kernels called directly, ms and minor page faults (medians of {repetitions}), gen2 GCs in all:");
        double total = 0;
        long totalFaults = 0;
        for (int i = 0; i < names.Count; i++)
        {
            double median = Measure.Median(samples[i]);
            long medianFaults = Measure.Median(faults[i]);
            total += median;
            totalFaults += medianFaults;
            Console.WriteLine($"    {names[i],-32} {median,8:F3} {medianFaults,7} {gen2s[i],5}");
        }
        Console.WriteLine($"    {"sum",-32} {total,8:F3} {totalFaults,7}");
        Console.WriteLine($"    collections per step: gen0 {collections[0]:F1}, gen1 {collections[1]:F1}, gen2 {collections[2]:F1}");
    }
}
