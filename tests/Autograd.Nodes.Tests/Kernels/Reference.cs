namespace Autograd.Nodes.Tests.Kernels;

/// <summary>
/// Naive scalar references the kernels are checked against: plain index arithmetic, one
/// element at a time, written independently of the kernels' run/stride plans.
/// </summary>
internal static class Reference
{
    public static int Count(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The multi-index of flat position <paramref name="flat"/> in a row-major shape.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /// <summary>Where an output multi-index reads from an operand broadcast to it (right-aligned, size-1 dims pinned to 0).</summary>
    public static int BroadcastSource(int[] outIndex, int[] shape)
    {
        int flat = 0, offset = outIndex.Length - shape.Length;
        for (int d = 0; d < shape.Length; d++)
            flat = flat * shape[d] + (shape[d] == 1 ? 0 : outIndex[d + offset]);
        return flat;
    }

    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int ia = d - (rank - a.Length), ib = d - (rank - b.Length);
            int sa = ia < 0 ? 1 : a[ia], sb = ib < 0 ? 1 : b[ib];
            result[d] = sa == 1 ? sb : sa;
        }
        return result;
    }

    public static float[] Binary(Tensor a, Tensor b, Func<float, float, float> f)
    {
        var shape = BroadcastShape(a.Shape, b.Shape);
        var x = a.ToArray();
        var y = b.ToArray();
        var result = new float[Count(shape)];
        for (int i = 0; i < result.Length; i++)
        {
            var index = Unravel(i, shape);
            result[i] = f(x[BroadcastSource(index, a.Shape)], y[BroadcastSource(index, b.Shape)]);
        }
        return result;
    }

    /// <summary>Reduces <paramref name="x"/> along <paramref name="dim"/> (already non-negative) with a fold, keeping the dim.</summary>
    public static float[] AlongDim(Tensor x, int dim, float seed, Func<float, float, float> fold)
    {
        var shape = x.Shape;
        var reduced = (int[])shape.Clone();
        reduced[dim] = 1;
        var result = new float[Count(reduced)];
        Array.Fill(result, seed);
        var data = x.ToArray();
        for (int i = 0; i < data.Length; i++)
        {
            var index = Unravel(i, shape);
            index[dim] = 0;
            int target = 0;
            for (int d = 0; d < shape.Length; d++) target = target * reduced[d] + index[d];
            result[target] = fold(result[target], data[i]);
        }
        return result;
    }

    /// <summary>A shape from text: "2,3" is [2, 3], "" is [] (0-dimensional).</summary>
    public static int[] Shape(string text) =>
        text.Length == 0 ? [] : text.Split(',').Select(int.Parse).ToArray();

    public static Tensor Random(int seed, params int[] shape) => Tensor.RandomNormal(seed, shape);

    public static void Close(float[] expected, ReadOnlySpan<float> actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float scale = Math.Max(1f, Math.Abs(expected[i]));
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * scale) && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                Assert.Fail($"element {i}: expected {expected[i]} but got {actual[i]}");
        }
    }
}
