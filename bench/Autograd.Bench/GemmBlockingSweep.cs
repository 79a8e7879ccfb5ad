using System.Runtime.Intrinsics;
using Autograd.Tensors;

namespace Autograd.Bench;

/// <summary>
/// `kernels blocking`: times the packed matmul under a few cache blockings, the measurement
/// behind <see cref="GemmBlocking.Default"/>.
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
        return 0;
    }
}
