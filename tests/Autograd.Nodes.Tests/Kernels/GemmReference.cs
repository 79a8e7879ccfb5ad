using System.Runtime.Intrinsics;

namespace Autograd.Nodes.Tests.Kernels;

/// <summary>Checks a Gemm routine against the same product summed in double precision.</summary>
internal static class GemmReference
{
    public delegate void Kernel(float[] a, bool transA, float[] b, bool transB, float[] c, int m, int n, int k, bool accumulate);

    public static void AssertMatches(Kernel kernel, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        var random = new Random(m * 1_000_003 + n * 1009 + k);
        float[] a = RandomArray(random, m * k);
        float[] b = RandomArray(random, k * n);
        float[] initialC = RandomArray(random, m * n);
        float[] c = (float[])initialC.Clone();

        kernel(a, transA, b, transB, c, m, n, k, accumulate);

        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? initialC[i * n + j] : 0;
                double magnitude = accumulate ? Math.Abs(initialC[i * n + j]) : 0;
                for (int p = 0; p < k; p++)
                {
                    double product = (double)(transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                    sum += product;
                    magnitude += Math.Abs(product);
                }
                // A float32 sum of k+1 terms in any order is off by at most about (k+1)·2⁻²⁴ of the
                // sum of magnitudes; twice that leaves room without hiding a missing or doubled term.
                double tolerance = 2 * (k + 1) * Math.Pow(2, -24) * magnitude + 1e-30;
                double error = Math.Abs(c[i * n + j] - sum);
                Assert.True(error <= tolerance,
                    $"C[{i},{j}] = {c[i * n + j]}, expected {sum} (error {error:g3} > {tolerance:g3}) for {m}x{n}x{k}, transA={transA}, transB={transB}, accumulate={accumulate}");
            }
    }

    /// <summary>Every size with every transpose and accumulate combination, once per SIMD kernel width this CPU can run.</summary>
    public static TheoryData<string, int, int, int, bool, bool, bool> PerKernel((int M, int N, int K)[] sizes)
    {
        var data = new TheoryData<string, int, int, int, bool, bool, bool>();
        string[] kernels = [.. Vector512.IsHardwareAccelerated ? ["Vector512"] : Array.Empty<string>(),
                            .. Vector256.IsHardwareAccelerated ? ["Vector256"] : Array.Empty<string>()];
        foreach (string kernel in kernels)
            foreach (var (m, n, k) in sizes)
                foreach (bool transA in new[] { false, true })
                    foreach (bool transB in new[] { false, true })
                        foreach (bool accumulate in new[] { false, true })
                            data.Add(kernel, m, n, k, transA, transB, accumulate);
        return data;
    }

    private static float[] RandomArray(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
