using Autograd.Tensors;

namespace Autograd.Nodes.Tests.Kernels;

public class VectorLoopsTests
{
    /// <summary>Lengths around the Vector512 (16) and Vector256 (8) widths, so every loop and the scalar tail run.</summary>
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 15, 16, 17, 24, 31, 33, 100];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Every_operator_in_every_form_must_equal_the_scalar_operation_bit_for_bit(int length)
    {
        var random = new Random(length);
        float[] x = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        float[] y = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        const float c = 1.7f;
        Check<AddOperator>((a, b) => a + b);
        Check<SubtractOperator>((a, b) => a - b);
        Check<MultiplyOperator>((a, b) => a * b);
        Check<DivideOperator>((a, b) => a / b);

        void Check<TOperator>(Func<float, float, float> naive) where TOperator : struct, IBinaryOperator
        {
            var both = new float[length];
            var spanScalar = new float[length];
            var scalarSpan = new float[length];
            VectorLoops.Binary<TOperator>(x, y, both);
            VectorLoops.Binary<TOperator>(x, c, spanScalar);
            VectorLoops.Binary<TOperator>(c, y, scalarSpan);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(naive(x[i], y[i]), both[i]);
                Assert.Equal(naive(x[i], c), spanScalar[i]);
                Assert.Equal(naive(c, y[i]), scalarSpan[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Relu_must_zero_negatives_and_negative_zero_and_keep_nan_like_pytorch(int length)
    {
        float[] specials = [float.NaN, -0f, 0f, -1f, 2.5f, float.NegativeInfinity, float.PositiveInfinity, -1e-30f];
        float[] x = Enumerable.Range(0, length).Select(i => specials[i % specials.Length] * (i % 3 == 0 ? 1f : 0.5f)).ToArray();
        var into = new float[length];

        VectorLoops.Relu(x, into);

        for (int i = 0; i < length; i++)
        {
            float expected = MathF.Max(x[i], 0f);   // IEEE maximum: NaN propagates, max(-0, +0) = +0
            if (float.IsNaN(expected)) Assert.True(float.IsNaN(into[i]), $"relu({x[i]}) at {i} should be NaN, got {into[i]}");
            else Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(into[i]));
        }
    }
}
