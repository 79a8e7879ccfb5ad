using Xunit.Sdk;

namespace Autograd.Client.Tests.EndToEnd;

/// <summary>Float32 comparison as <c>torch.allclose</c>: |actual - expected| ≤ atol + rtol·|expected|.</summary>
public static class GoldenAssert
{
    public static void Close(GoldenTensor expected, Tensor? actual, float rtol, float atol, string what) =>
        Close(expected.Shape, expected.Data, actual, rtol, atol, what);

    public static void Close(int[] expectedShape, float[] expected, Tensor? actual, float rtol, float atol, string what)
    {
        if (actual is null)
            throw new XunitException($"{what}: expected a tensor of shape {Tensor.ShapeText(expectedShape)}, got null");
        if (!expectedShape.AsSpan().SequenceEqual(actual.Dims))
            throw new XunitException(
                $"{what}: expected shape {Tensor.ShapeText(expectedShape)}, got {Tensor.ShapeText(actual.Dims)}");
        var values = actual.Span;
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = values[i];
            if (!(MathF.Abs(a - e) <= atol + rtol * MathF.Abs(e)))
                throw new XunitException(
                    $"{what}: element {i} is {a:R}, PyTorch gives {e:R} (rtol {rtol}, atol {atol})\n" +
                    $"  ours:    [{Preview(values)}]\n  PyTorch: [{Preview(expected)}]");
        }
    }

    private static string Preview(ReadOnlySpan<float> values) =>
        string.Join(", ", values[..Math.Min(values.Length, 12)].ToArray().Select(v => v.ToString("G6")))
        + (values.Length > 12 ? ", ..." : "");
}
