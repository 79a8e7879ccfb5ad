using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Autograd.Ops;
using Autograd.Tensors;

namespace Autograd.Bench;

/// <summary>
/// The kernels benchmark: elementwise add beside memory copy bandwidth, 1024³ matmul beside the
/// machine's own FMA peak, and both beside PyTorch (one thread) when it is installed.
/// </summary>
internal static class KernelBench
{
    private const int AddCount = 16 * 1024 * 1024;
    private const int MatmulSize = 1024;
    private const string AddMeasuredAs = "the op table's add (OpTable.Create(new OpSpec(\"add\")).Forward), which allocates its result";

    public static int Run(string[] args)
    {
        PrintMachine();
        if (args is ["blocking"])
            return GemmBlockingSweep.Run(MatmulSize);

        var report = new Report("kernels (median of several repetitions, one thread)");
        var add = MeasureAdd();
        if (args is ["skinny"])
        {
            AddSkinny(report, add.Copy);
            report.Print();
            return 0;
        }
        report.Add("add 16M floats, fresh result vs Span<float>.CopyTo", add.Collected, "copy", add.Copy, "GB/s", target: 0.8);
        report.Add("  same, GC left to its own pacing", add.GcPaced, "copy", add.Copy, "GB/s");
        report.Add("  kernel alone, into an existing array", add.IntoExisting, "copy", add.Copy, "GB/s");
        var matmul = MeasureMatmul();
        double matmulGflops = matmul.Plain;
        report.Add($"matmul {MatmulSize}³ vs FMA peak", matmul.Plain, "peak", matmul.Peak, "GFLOP/s", target: 0.6);
        report.Add("  Aᵀ·B, as in matmul's backward", matmul.TransposedA, "peak", matmul.Peak, "GFLOP/s");
        report.Add("  A·Bᵀ, as in matmul's backward", matmul.TransposedB, "peak", matmul.Peak, "GFLOP/s");
        AddSkinny(report, add.Copy);

        var torch = PyTorchReference.Run();
        if (torch is not null)
        {
            report.Add("add 16M floats, GC-paced vs PyTorch (both fault in new pages)", add.GcPaced, "torch", torch.AddGbPerSecond, "GB/s");
            report.Add($"matmul {MatmulSize}³ vs PyTorch", matmulGflops, "torch", torch.MatmulGflops, "GFLOP/s");
        }
        report.Print();
        Console.WriteLine($"add measured as: {AddMeasuredAs}");
        if (torch is not null)
        {
            Console.WriteLine($"PyTorch {torch.Version}, {torch.Threads} thread(s)");
            Console.WriteLine(torch.Blas?.ToString() ?? "PyTorch BLAS: not reported");
        }
        return 0;
    }

    private static void PrintMachine()
    {
        Console.WriteLine($"processors: {Environment.ProcessorCount}");
        Console.WriteLine($"Vector512 hardware accelerated: {Vector512.IsHardwareAccelerated}");
        Console.WriteLine($"Vector256 hardware accelerated: {Vector256.IsHardwareAccelerated}, FMA: {Fma.IsSupported}");
        Console.WriteLine($"Gemm micro-kernel: {(Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256")}");
        Console.WriteLine($"OPENBLAS_CORETYPE: {Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
    }

    private sealed record AddFigures(double Collected, double GcPaced, double IntoExisting, double Copy);

    /// <summary>
    /// Bytes moved per second: add reads two arrays and writes one, copy reads one and writes one.
    /// Our add runs as an op would: into a freshly allocated result. A fresh 64 MB array is new
    /// memory to the OS until the GC collects the previous one, and first-touch page faults (16K
    /// per array, costly under a hypervisor) then dominate. So the headline figure collects the
    /// previous result outside the timing, as a steady-state engine whose old tensors are garbage
    /// would; the GC-paced figure and the bare kernel are printed beside it.
    /// </summary>
    private static AddFigures MeasureAdd()
    {
        var x = RandomArray(AddCount, seed: 1);
        var y = RandomArray(AddCount, seed: 2);
        var existing = new float[AddCount];
        var add = OpTable.Create(new OpSpec("add"));
        Tensor[] inputs = [Tensor.FromArray(x, AddCount), Tensor.FromArray(y, AddCount)];
        Tensor? sum = null;
        void AddIntoFreshArray() => sum = add.Forward(inputs);

        // GC-paced first and alone: interleaved with the collecting runs it would be collected too.
        double gcPaced = Measure.MedianSeconds(AddIntoFreshArray);
        double[] seconds = Measure.InterleavedMedianSeconds([
            new Timed(AddIntoFreshArray, UntimedBefore: () =>
            {
                sum = null;
                GC.Collect();
            }),
            new Timed(() => TensorPrimitives.Add(x, y, existing)),
            new Timed(() => x.AsSpan().CopyTo(existing)),
        ]);
        var (collected, intoExisting, copy) = (seconds[0], seconds[1], seconds[2]);
        GC.KeepAlive(sum);
        const double addBytes = 3.0 * 4 * AddCount, copyBytes = 2.0 * 4 * AddCount;
        return new AddFigures(addBytes / collected / 1e9, addBytes / gcPaced / 1e9, addBytes / intoExisting / 1e9, copyBytes / copy / 1e9);
    }

    private sealed record MatmulFigures(double Plain, double TransposedA, double TransposedB, double Peak);

    private static MatmulFigures MeasureMatmul()
    {
        const int n = MatmulSize;
        var a = RandomArray(n * n, seed: 3);
        var b = RandomArray(n * n, seed: 4);
        var c = new float[n * n];
        Timed Product(bool transA, bool transB) => new(() => Gemm.Multiply(a, transA, b, transB, c, n, n, n));
        double[] seconds = Measure.InterleavedMedianSeconds(
            [Product(false, false), Product(true, false), Product(false, true), new Timed(FmaPeak.RunOnce)],
            repetitions: 9, warmups: 1);
        double flops = 2.0 * n * n * n;
        return new MatmulFigures(flops / seconds[0] / 1e9, flops / seconds[1] / 1e9, flops / seconds[2] / 1e9,
            FmaPeak.FlopsPerRun / seconds[3] / 1e9);
    }

    // An MLP's output layer on MNIST-sized input: a 4096-row batch of 784 features, 10 classes.
    private const int SkinnyRows = 4096, SkinnyDepth = 784, SkinnyColumns = 10;

    private sealed record SkinnyFigures(double ForwardMs, double ForwardGbPerSecond, double BackwardMs, double BackwardGbPerSecond);

    /// <summary>
    /// Products with 10 output columns, X·W and the weight gradient Xᵀ·G: each reads X (12.8 MB)
    /// once and does little arithmetic per element, so the figure is X's bytes per second.
    /// </summary>
    private static void AddSkinny(Report report, double copyGbPerSecond)
    {
        var skinny = MeasureSkinny();
        report.Add($"X·W, X {SkinnyRows}×{SkinnyDepth}, W ×{SkinnyColumns}: {skinny.ForwardMs:0.00} ms, X pass vs copy",
            skinny.ForwardGbPerSecond, "copy", copyGbPerSecond, "GB/s");
        report.Add($"  Xᵀ·G, G {SkinnyRows}×{SkinnyColumns}, its weight gradient: {skinny.BackwardMs:0.00} ms",
            skinny.BackwardGbPerSecond, "copy", copyGbPerSecond, "GB/s");
    }

    private static SkinnyFigures MeasureSkinny()
    {
        var x = RandomArray(SkinnyRows * SkinnyDepth, seed: 5);
        var w = RandomArray(SkinnyDepth * SkinnyColumns, seed: 6);
        var g = RandomArray(SkinnyRows * SkinnyColumns, seed: 7);
        var logits = new float[SkinnyRows * SkinnyColumns];
        var weightGradient = new float[SkinnyDepth * SkinnyColumns];
        double[] seconds = Measure.InterleavedMedianSeconds([
            new Timed(() => Gemm.Multiply(x, false, w, false, logits, SkinnyRows, SkinnyColumns, SkinnyDepth)),
            new Timed(() => Gemm.Multiply(x, true, g, false, weightGradient, SkinnyDepth, SkinnyColumns, SkinnyRows)),
        ], repetitions: 25, warmups: 3);
        double xBytes = 4.0 * SkinnyRows * SkinnyDepth;
        return new SkinnyFigures(seconds[0] * 1e3, xBytes / seconds[0] / 1e9, seconds[1] * 1e3, xBytes / seconds[1] / 1e9);
    }

    internal static float[] RandomArray(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
