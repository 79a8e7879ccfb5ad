namespace Autograd.Tensors;

/// <summary>
/// Single-precision matrix multiply, row-major: C = op(A) · op(B) (+ C when accumulating),
/// where op(A) is m×k and op(B) is k×n. A transposed operand is read in place, not copied.
/// </summary>
public static class Gemm
{
    /// <param name="a">A, stored m×k (or k×m when <paramref name="transA"/>).</param>
    /// <param name="b">B, stored k×n (or n×k when <paramref name="transB"/>).</param>
    /// <param name="c">C, m×n, overwritten (or added to when <paramref name="accumulate"/>).</param>
    public static void Multiply(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate = false)
    {
        // Reference implementation; replaced by the packed, blocked SIMD kernel.
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
    }
}
