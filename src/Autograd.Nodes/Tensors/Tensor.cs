namespace Autograd;

/// <summary>
/// An immutable dense float32 tensor, row-major. Once built it never changes, so actors in
/// one process share it by reference. A shape of <c>[]</c> is a 0-dimensional tensor (one
/// element), which full reductions return, as in current PyTorch.
/// </summary>
public sealed partial class Tensor
{
    private readonly float[] _data;
    private readonly int[] _shape;

    private Tensor(float[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
    }

    /// <summary>A copy of the sizes, one per dimension (empty for a 0-dimensional tensor).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The sizes without a copy.</summary>
    public ReadOnlySpan<int> Dims => _shape;

    public int Rank => _shape.Length;

    /// <summary>Number of elements (1 for a 0-dimensional tensor).</summary>
    public int Count => _data.Length;

    /// <summary>The elements without a copy, row-major.</summary>
    public ReadOnlySpan<float> Span => _data;

    /// <summary>A fresh copy of the elements, row-major.</summary>
    public float[] ToArray() => (float[])_data.Clone();

    /// <summary>The single value of a one-element tensor (PyTorch's <c>item()</c>).</summary>
    public float Item() => _data.Length == 1
        ? _data[0]
        : throw new InvalidOperationException(
            $"a Tensor with {_data.Length} elements cannot be converted to Scalar (shape {ShapeText(_shape)})");

    /// <summary>Copies <paramref name="data"/>; throws if its length does not match the shape.</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        int count = CheckShape(shape);
        if (data.Length != count)
            throw new ArgumentException(
                $"data has {data.Length} elements but shape {ShapeText(shape)} needs {count}", nameof(data));
        return new Tensor((float[])data.Clone(), (int[])shape.Clone());
    }

    /// <summary>Takes ownership of <paramref name="data"/> without a copy: the caller must never write to it again.</summary>
    internal static Tensor Wrap(float[] data, int[] shape)
    {
        int count = CheckShape(shape);
        if (data.Length != count)
            throw new ArgumentException(
                $"data has {data.Length} elements but shape {ShapeText(shape)} needs {count}", nameof(data));
        return new Tensor(data, shape);
    }

    public static Tensor Scalar(float value) => new([value], []);

    public static Tensor Zeros(params int[] shape) => Full(0f, shape);

    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[CheckShape(shape)];
        if (value != 0f) Array.Fill(data, value);
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>Standard normal samples from a seeded generator (Box–Muller), reproducible per seed.</summary>
    public static Tensor RandomNormal(int seed, params int[] shape)
    {
        var data = new float[CheckShape(shape)];
        var rng = new Random(seed);
        for (int i = 0; i < data.Length; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            data[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < data.Length) data[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>Uniform samples in [low, high) from a seeded generator.</summary>
    public static Tensor RandomUniform(int seed, float low, float high, params int[] shape)
    {
        var data = new float[CheckShape(shape)];
        var rng = new Random(seed);
        for (int i = 0; i < data.Length; i++) data[i] = low + (float)rng.NextDouble() * (high - low);
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>The same elements under another shape of the same size (no copy: tensors are immutable).</summary>
    public Tensor Reshape(params int[] shape)
    {
        int count = CheckShape(shape);
        if (count != _data.Length)
            throw new ArgumentException($"shape {ShapeText(shape)} is invalid for input of size {_data.Length}");
        return new Tensor(_data, (int[])shape.Clone());
    }

    /// <summary>Validates sizes and returns the element count.</summary>
    internal static int CheckShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
                throw new ArgumentException(
                    $"negative size {shape[i]} at dimension {i} of shape {ShapeText(shape)}", nameof(shape));
            count *= shape[i];
            if (count > Array.MaxLength)
                throw new ArgumentException($"shape {ShapeText(shape)} has more than {Array.MaxLength} elements", nameof(shape));
        }
        return (int)count;
    }

    /// <summary>PyTorch's way of writing a shape: <c>[2, 3]</c>.</summary>
    public static string ShapeText(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
