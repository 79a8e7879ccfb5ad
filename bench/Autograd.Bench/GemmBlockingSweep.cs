using System.Runtime.Intrinsics;
using Autograd.Tensors;

namespace Autograd.Bench;

/// <summary>
/// `kernels blocking`: times the packed matmul under a few cache blockings, the measurement
/// behind <see cref="GemmBlocking.Default"/>, and the direct path against the packed one on
/// small cubes, the measurement behind <see cref="Gemm.SmallProductLimit"/>.
/// </summary>
internal static class GemmBlockingSweep
{
    public static int Run(int size)
    {
        var a = KernelBench.RandomArray(size * size, seed: 3);
        var b = KernelBench.RandomArray(size * size, seed: 4);
        var c = new float[size * size];
        var blockings = (
            from depth in new[] { 192, 256, 384, 512, 768, 1024 }
            from rows in new[] { 48, 96, 144, 240 }
            from columns in new[] { 512, 1024, 2048 }
            select new GemmBlocking(rows, depth, columns)).ToArray();
        void Multiply(GemmBlocking blocking) =>
            GemmBlocked.Multiply(a, false, b, false, c, size, size, size, accumulate: false, blocking, Vector512.IsHardwareAccelerated);

        // Rounds over all blockings, keeping each one's best time: on a shared machine noise only
        // ever slows a run down, and interleaving spreads it over all candidates alike.
        Measure.WarmUp(() => Multiply(GemmBlocking.Default), TimeSpan.FromMilliseconds(500));
        var best = blockings.ToDictionary(blocking => blocking, _ => double.MaxValue);
        for (int round = 0; round < 5; round++)
            foreach (var blocking in blockings)
                best[blocking] = Math.Min(best[blocking], Measure.MedianSeconds(() => Multiply(blocking), repetitions: 1, warmups: 0));

        Console.WriteLine("rows | depth | columns | best GFLOP/s");
        foreach (var (blocking, seconds) in best.OrderBy(pair => pair.Value))
            Console.WriteLine($"{blocking.RowBlock} | {blocking.DepthBlock} | {blocking.ColumnBlock} | {2.0 * size * size * size / seconds / 1e9:0.0}"
                + (blocking == GemmBlocking.Default ? "  (default)" : ""));
        SmallCrossover();
        return 0;
    }

    private static void SmallCrossover()
    {
        Console.WriteLine();
        Console.WriteLine("cube | direct GFLOP/s | packed GFLOP/s");
        foreach (int size in new[] { 8, 16, 24, 32, 40, 48, 64, 96 })
        {
            var a = KernelBench.RandomArray(size * size, seed: 5);
            var b = KernelBench.RandomArray(size * size, seed: 6);
            var c = new float[size * size];
            // Enough calls per timing to last about a millisecond.
            int calls = Math.Max(1, 2_000_000 / (size * size * size));
            double flops = 2.0 * size * size * size * calls;
            void Direct()
            {
                for (int i = 0; i < calls; i++) Gemm.MultiplyDirect(a, false, b, false, c, size, size, size, accumulate: false);
            }
            void Packed()
            {
                for (int i = 0; i < calls; i++)
                    GemmBlocked.Multiply(a, false, b, false, c, size, size, size, accumulate: false, GemmBlocking.Default, Vector512.IsHardwareAccelerated);
            }
            Measure.WarmUp(Direct, TimeSpan.FromMilliseconds(300));
            Measure.WarmUp(Packed, TimeSpan.FromMilliseconds(300));
            double direct = Measure.MedianSeconds(Direct);
            double packed = Measure.MedianSeconds(Packed);
            Console.WriteLine($"{size} | {flops / direct / 1e9:0.0} | {flops / packed / 1e9:0.0}");
        }
    }
}
