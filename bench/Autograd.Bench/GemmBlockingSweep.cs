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
        Console.WriteLine("rows | depth | columns | GFLOP/s");
        foreach (int depth in new[] { 128, 192, 256, 384, 512 })
            foreach (int rows in new[] { 64, 128, 256 })
                foreach (int columns in new[] { 512, 1024 })
                {
                    var blocking = new GemmBlocking(rows, depth, columns);
                    double seconds = Measure.MedianSeconds(
                        () => GemmBlocked.Multiply(a, false, b, false, c, size, size, size, accumulate: false, blocking, Vector512.IsHardwareAccelerated),
                        repetitions: 3, warmups: 1);
                    Console.WriteLine($"{rows} | {depth} | {columns} | {2.0 * size * size * size / seconds / 1e9:0.0}");
                }
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
