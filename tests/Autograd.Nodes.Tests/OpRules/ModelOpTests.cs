using Autograd.Ops;
using Autograd.Tensors;
using static Autograd.Nodes.Tests.OpRules.OpRunner;

namespace Autograd.Nodes.Tests.OpRules;

/// <summary>What the goldens do not show: dropout's mask as data, batched matmul against its 2-D products, layer norm's statistics.</summary>
public class ModelOpTests
{
    [Theory]
    [InlineData(0L, 0L, 0xe220a8397b1dcdafUL)]   // SplitMix64's first output from state 0
    [InlineData(12345L, 0L, 0x22118258a9d111a0UL)]
    [InlineData(12345L, 19L, 0x6049a845381e5debUL)]
    [InlineData(-1L, 5L, 0xd31dadbda438bb33UL)]
    [InlineData(4611686018427387903L, 1000000L, 0x0baaeaa5f7cb495dUL)]
    public void The_dropout_hash_is_SplitMix64_as_the_golden_generator_computes_it(long seed, long index, ulong expected) =>
        Assert.Equal(expected, DropoutMask.Hash(seed, index));

    [Theory]
    [InlineData(0L, 0.5f)]
    [InlineData(3L, 0.1f)]
    [InlineData(1000L, 0.9f)]
    public void The_vector_mask_equals_the_mask_element_by_element(long first, float p)
    {
        var mask = new float[1000];
        DropoutMask.Fill(77, first, p, mask);
        for (int i = 0; i < mask.Length; i++)
            Assert.Equal(DropoutMask.Keeps(77, first + i, p) ? DropoutMask.Scale(p) : 0f, mask[i]);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.8f)]
    public void Dropout_zeroes_about_p_of_the_elements_and_scales_the_rest_by_1_over_1_minus_p(float p)
    {
        var x = Tensor.RandomUniform(1, 0.5f, 2f, 200, 500);
        var (y, g) = Run(new OpSpec("dropout", Scalar: p, Seed: 99), null, x);

        var xs = x.ToArray();
        var ys = y.ToArray();
        int dropped = ys.Count(v => v == 0f);
        Assert.InRange(dropped / (double)ys.Length, p - 0.01, p + 0.01);   // 100k draws: σ ≈ 0.0016
        for (int i = 0; i < ys.Length; i++)
            if (ys[i] != 0f) Assert.Equal(xs[i] / (1f - p), ys[i], 1e-5f * ys[i]);
        // the gradient of ones is the mask itself: zero exactly where the output is, 1/(1-p) elsewhere
        var grad = g[0]!.ToArray();
        for (int i = 0; i < ys.Length; i++) Assert.Equal(ys[i] == 0f ? 0f : 1f / (1f - p), grad[i], 1e-6f);
    }

    [Fact]
    public void Dropout_with_p_1_zeroes_everything_and_its_gradient()
    {
        var (y, g) = Run(new OpSpec("dropout", Scalar: 1f, Seed: 5), null, Tensor.RandomNormal(2, 3, 4));
        Assert.All(y.ToArray(), v => Assert.Equal(0f, MathF.Abs(v)));
        Assert.All(g[0]!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Dropout_masks_differ_between_seeds_and_repeat_for_one()
    {
        var x = Tensor.Ones(8, 16);
        var first = OpTable.Create(new OpSpec("dropout", Scalar: 0.5f, Seed: 1)).Forward([x]).ToArray();
        var again = OpTable.Create(new OpSpec("dropout", Scalar: 0.5f, Seed: 1)).Forward([x]).ToArray();
        var other = OpTable.Create(new OpSpec("dropout", Scalar: 0.5f, Seed: 2)).Forward([x]).ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_row_shard_with_its_first_row_in_Start_draws_its_rows_of_the_whole_mask()
    {
        var x = Tensor.RandomNormal(3, 7, 2, 3);
        var whole = OpTable.Create(new OpSpec("dropout", Scalar: 0.4f, Seed: 11)).Forward([x]).ToArray();
        var rows = x.ToArray();
        int offset = 0;
        foreach (var (start, count) in new[] { (0, 3), (3, 2), (5, 2) })
        {
            var shard = Tensor.FromArray(rows[(start * 6)..((start + count) * 6)], count, 2, 3);
            var part = OpTable.Create(new OpSpec("dropout", Scalar: 0.4f, Seed: 11, Start: start)).Forward([shard]).ToArray();
            Assert.Equal(whole[offset..(offset + part.Length)], part);
            offset += part.Length;
        }
    }

    [Fact]
    public void Batched_matmul_with_broadcast_batches_equals_the_2d_products_and_sums_the_broadcast_gradients()
    {
        var a = Tensor.RandomNormal(4, 2, 1, 3, 4);   // batch [2, 1]
        var b = Tensor.RandomNormal(5, 3, 4, 5);      // batch [3]
        var (c, g) = Run(new OpSpec("matmul"), null, a, b);
        Assert.Equal([2, 3, 3, 5], c.Shape);

        var matmul = OpTable.Create(new OpSpec("matmul"));
        var expectedDa = new float[a.Count];
        var expectedDb = new float[b.Count];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
            {
                var ai = Tensor.FromArray(a.ToArray()[(i * 12)..((i + 1) * 12)], 3, 4);
                var bj = Tensor.FromArray(b.ToArray()[(j * 20)..((j + 1) * 20)], 4, 5);
                var (cij, gij) = Run(new OpSpec("matmul"), null, ai, bj);
                Assert.Equal(cij.ToArray(), c.ToArray()[((i * 3 + j) * 15)..((i * 3 + j + 1) * 15)]);
                for (int k = 0; k < 12; k++) expectedDa[i * 12 + k] += gij[0]!.Span[k];
                for (int k = 0; k < 20; k++) expectedDb[j * 20 + k] += gij[1]!.Span[k];
            }
        Assert.Equal(a.Shape, g[0]!.Shape);
        Assert.Equal(b.Shape, g[1]!.Shape);
        for (int k = 0; k < expectedDa.Length; k++) Assert.Equal(expectedDa[k], g[0]!.Span[k], 1e-4f);
        for (int k = 0; k < expectedDb.Length; k++) Assert.Equal(expectedDb[k], g[1]!.Span[k], 1e-4f);
    }

    [Fact]
    public void Layer_norm_without_affine_gives_every_row_mean_0_and_biased_variance_1()
    {
        var x = Tensor.RandomUniform(6, -5f, 20f, 4, 3, 8);
        var (y, _) = Run(new OpSpec("layer_norm", Scalar: 1e-5f, Shape: [3, 8], Parts: 1), null, x);
        var ys = y.ToArray();
        for (int row = 0; row < 4; row++)
        {
            var values = ys[(row * 24)..((row + 1) * 24)];
            double mean = values.Average();
            Assert.Equal(0, mean, 1e-5);
            Assert.Equal(1, values.Sum(v => (v - mean) * (v - mean)) / 24, 1e-3);
        }
    }

    [Fact]
    public void Cross_entropy_over_positions_equals_cross_entropy_of_the_positions_as_rows()
    {
        // logits [2, 3, 2] (N, C, d1): position (n, j) is the row of classes logits[n, :, j]
        float[] logits = [1f, -1f, 0.5f, 2f, -0.3f, 0.7f, 3f, 0f, -2f, 1f, 0.2f, 0.4f];
        float[] labels = [2f, 0f, 1f, 1f];
        var rows = new float[12];
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int j = 0; j < 2; j++)
                    rows[(n * 2 + j) * 3 + c] = logits[(n * 3 + c) * 2 + j];
        var (byPosition, g) = Run(new OpSpec("cross_entropy"), null, T(logits, 2, 3, 2), T(labels, 2, 2));
        var (byRow, gRows) = Run(new OpSpec("cross_entropy"), null, T(rows, 4, 3), T(labels, 4));

        Assert.Equal(byRow.Item(), byPosition.Item(), 1e-6f);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int j = 0; j < 2; j++)
                    Assert.Equal(gRows[0]!.Span[(n * 2 + j) * 3 + c], g[0]!.Span[(n * 3 + c) * 2 + j], 1e-6f);
    }
}
