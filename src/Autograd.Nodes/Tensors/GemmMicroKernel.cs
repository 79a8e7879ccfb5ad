using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Autograd.Tensors;

/// <summary>
/// The register-blocked inner kernels of <see cref="Gemm"/>. Each computes one full tile
/// C[0..Rows, 0..Columns] (+)= Apanel · Bpanel from packed panels: A as <c>kc</c> steps of
/// Rows values, B as <c>kc</c> steps of Columns values (see <see cref="GemmPacking"/>).
/// The accumulators are separate locals, not an array, so the JIT keeps them all in registers;
/// there are enough of them to hide the FMA latency. Partial tiles are handled by the caller,
/// which runs the kernel into a scratch tile and copies the valid part.
/// </summary>
internal static class GemmMicroKernel
{
    // Tile shapes fill the register file: 12×32 uses 24 of the 32 zmm registers for accumulators
    // (two for B, one for the broadcast A value), and measured faster than 8×32; 6×16 uses 12 of
    // the 16 ymm registers an AVX2-only CPU has.
    public const int Rows512 = 12;
    public const int Columns512 = 32;
    public const int Rows256 = 6;
    public const int Columns256 = 16;

    /// <summary>12×32 tile with Vector512: 24 accumulators stay in registers for the whole k loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel512(int kc, float* packedA, float* packedB, float* c, int ldc, bool overwrite)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        var c80 = Vector512<float>.Zero; var c81 = Vector512<float>.Zero;
        var c90 = Vector512<float>.Zero; var c91 = Vector512<float>.Zero;
        var c100 = Vector512<float>.Zero; var c101 = Vector512<float>.Zero;
        var c110 = Vector512<float>.Zero; var c111 = Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(packedB + 0);
            var b1 = Vector512.Load(packedB + 16);
            var a0 = Vector512.Create(packedA[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(packedA[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(packedA[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(packedA[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(packedA[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(packedA[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(packedA[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(packedA[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(packedA[8]);
            c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
            c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(packedA[9]);
            c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
            c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(packedA[10]);
            c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
            c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(packedA[11]);
            c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
            c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            packedA += 12;
            packedB += 32;
        }
        if (overwrite)
        {
            Vector512.Store(c00, c + 0 * ldc + 0); Vector512.Store(c01, c + 0 * ldc + 16);
            Vector512.Store(c10, c + 1 * ldc + 0); Vector512.Store(c11, c + 1 * ldc + 16);
            Vector512.Store(c20, c + 2 * ldc + 0); Vector512.Store(c21, c + 2 * ldc + 16);
            Vector512.Store(c30, c + 3 * ldc + 0); Vector512.Store(c31, c + 3 * ldc + 16);
            Vector512.Store(c40, c + 4 * ldc + 0); Vector512.Store(c41, c + 4 * ldc + 16);
            Vector512.Store(c50, c + 5 * ldc + 0); Vector512.Store(c51, c + 5 * ldc + 16);
            Vector512.Store(c60, c + 6 * ldc + 0); Vector512.Store(c61, c + 6 * ldc + 16);
            Vector512.Store(c70, c + 7 * ldc + 0); Vector512.Store(c71, c + 7 * ldc + 16);
            Vector512.Store(c80, c + 8 * ldc + 0); Vector512.Store(c81, c + 8 * ldc + 16);
            Vector512.Store(c90, c + 9 * ldc + 0); Vector512.Store(c91, c + 9 * ldc + 16);
            Vector512.Store(c100, c + 10 * ldc + 0); Vector512.Store(c101, c + 10 * ldc + 16);
            Vector512.Store(c110, c + 11 * ldc + 0); Vector512.Store(c111, c + 11 * ldc + 16);
        }
        else
        {
            Vector512.Store(Vector512.Load(c + 0 * ldc + 0) + c00, c + 0 * ldc + 0); Vector512.Store(Vector512.Load(c + 0 * ldc + 16) + c01, c + 0 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 1 * ldc + 0) + c10, c + 1 * ldc + 0); Vector512.Store(Vector512.Load(c + 1 * ldc + 16) + c11, c + 1 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 2 * ldc + 0) + c20, c + 2 * ldc + 0); Vector512.Store(Vector512.Load(c + 2 * ldc + 16) + c21, c + 2 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 3 * ldc + 0) + c30, c + 3 * ldc + 0); Vector512.Store(Vector512.Load(c + 3 * ldc + 16) + c31, c + 3 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 4 * ldc + 0) + c40, c + 4 * ldc + 0); Vector512.Store(Vector512.Load(c + 4 * ldc + 16) + c41, c + 4 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 5 * ldc + 0) + c50, c + 5 * ldc + 0); Vector512.Store(Vector512.Load(c + 5 * ldc + 16) + c51, c + 5 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 6 * ldc + 0) + c60, c + 6 * ldc + 0); Vector512.Store(Vector512.Load(c + 6 * ldc + 16) + c61, c + 6 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 7 * ldc + 0) + c70, c + 7 * ldc + 0); Vector512.Store(Vector512.Load(c + 7 * ldc + 16) + c71, c + 7 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 8 * ldc + 0) + c80, c + 8 * ldc + 0); Vector512.Store(Vector512.Load(c + 8 * ldc + 16) + c81, c + 8 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 9 * ldc + 0) + c90, c + 9 * ldc + 0); Vector512.Store(Vector512.Load(c + 9 * ldc + 16) + c91, c + 9 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 10 * ldc + 0) + c100, c + 10 * ldc + 0); Vector512.Store(Vector512.Load(c + 10 * ldc + 16) + c101, c + 10 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 11 * ldc + 0) + c110, c + 11 * ldc + 0); Vector512.Store(Vector512.Load(c + 11 * ldc + 16) + c111, c + 11 * ldc + 16);
        }
    }

    /// <summary>6×16 tile with Vector256: 12 accumulators stay in registers for the whole k loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Kernel256(int kc, float* packedA, float* packedB, float* c, int ldc, bool overwrite)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(packedB + 0);
            var b1 = Vector256.Load(packedB + 8);
            var a0 = Vector256.Create(packedA[0]);
            c00 = MultiplyAdd(a0, b0, c00);
            c01 = MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(packedA[1]);
            c10 = MultiplyAdd(a1, b0, c10);
            c11 = MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(packedA[2]);
            c20 = MultiplyAdd(a2, b0, c20);
            c21 = MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(packedA[3]);
            c30 = MultiplyAdd(a3, b0, c30);
            c31 = MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(packedA[4]);
            c40 = MultiplyAdd(a4, b0, c40);
            c41 = MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(packedA[5]);
            c50 = MultiplyAdd(a5, b0, c50);
            c51 = MultiplyAdd(a5, b1, c51);
            packedA += 6;
            packedB += 16;
        }
        if (overwrite)
        {
            Vector256.Store(c00, c + 0 * ldc + 0); Vector256.Store(c01, c + 0 * ldc + 8);
            Vector256.Store(c10, c + 1 * ldc + 0); Vector256.Store(c11, c + 1 * ldc + 8);
            Vector256.Store(c20, c + 2 * ldc + 0); Vector256.Store(c21, c + 2 * ldc + 8);
            Vector256.Store(c30, c + 3 * ldc + 0); Vector256.Store(c31, c + 3 * ldc + 8);
            Vector256.Store(c40, c + 4 * ldc + 0); Vector256.Store(c41, c + 4 * ldc + 8);
            Vector256.Store(c50, c + 5 * ldc + 0); Vector256.Store(c51, c + 5 * ldc + 8);
        }
        else
        {
            Vector256.Store(Vector256.Load(c + 0 * ldc + 0) + c00, c + 0 * ldc + 0); Vector256.Store(Vector256.Load(c + 0 * ldc + 8) + c01, c + 0 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 1 * ldc + 0) + c10, c + 1 * ldc + 0); Vector256.Store(Vector256.Load(c + 1 * ldc + 8) + c11, c + 1 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 2 * ldc + 0) + c20, c + 2 * ldc + 0); Vector256.Store(Vector256.Load(c + 2 * ldc + 8) + c21, c + 2 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 3 * ldc + 0) + c30, c + 3 * ldc + 0); Vector256.Store(Vector256.Load(c + 3 * ldc + 8) + c31, c + 3 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 4 * ldc + 0) + c40, c + 4 * ldc + 0); Vector256.Store(Vector256.Load(c + 4 * ldc + 8) + c41, c + 4 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 5 * ldc + 0) + c50, c + 5 * ldc + 0); Vector256.Store(Vector256.Load(c + 5 * ldc + 8) + c51, c + 5 * ldc + 8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : a * b + addend;
}
