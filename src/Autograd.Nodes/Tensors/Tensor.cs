namespace Autograd;

/// <summary>
/// An immutable dense float32 tensor, row-major. Once built it never changes, so actors in
/// one process share it by reference. A shape of <c>[]</c> is a 0-dimensional tensor (one
/// element), which full reductions return, as in current PyTorch.
/// </summary>
/// <remarks>
/// A tensor made by <see cref="Full"/> is uniform: it keeps its one value and fills an array
/// only when its elements are first read (<see cref="Span"/>, <see cref="ToArray"/>). The
/// gradient of a full sum or mean is such a tensor, so over 16M elements backward does not
/// write 64 MB of one repeated value and read it back; kernels that know the case
/// (<see cref="IsUniform"/>) use the value as a scalar. Reading the elements is the same either way.
/// </remarks>
public sealed partial class Tensor
{
    private float[]? _data;   // null only for a uniform tensor whose elements nobody has read yet
    private readonly int[] _shape;
    private readonly int _count;
    private readonly float? _uniform;

    private Tensor(float[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
        _count = data.Length;
    }

    private Tensor(float uniform, int count, int[] shape)
    {
        _uniform = uniform;
        _count = count;
        _shape = shape;
    }

    /// <summary>A copy of the sizes, one per dimension (empty for a 0-dimensional tensor).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The sizes without a copy.</summary>
    public ReadOnlySpan<int> Dims => _shape;

    /// <summary>
    /// The shape array itself, for kernels whose result has this tensor's shape: tensors never
    /// write to their shape, so results can share it where <see cref="Shape"/> would copy it
    /// (that copy was ~10% of the CPU in small-graph backward). Callers must not write to it.
    /// </summary>
    internal int[] SharedShape => _shape;

    public int Rank => _shape.Length;

    /// <summary>Number of elements (1 for a 0-dimensional tensor).</summary>
    public int Count => _count;

    /// <summary>The elements without a copy, row-major.</summary>
    public ReadOnlySpan<float> Span => Data;

    /// <summary>
    /// The elements' own array, for the bulk wire, which streams it to a socket without a copy
    /// (a span cannot cross an await). Callers must never write to it.
    /// </summary>
    internal float[] Elements => Data;

    /// <summary>A fresh copy of the elements, row-major.</summary>
    public float[] ToArray() => (float[])Data.Clone();

    /// <summary>The single value of a one-element tensor (PyTorch's <c>item()</c>).</summary>
    public float Item() => _count == 1
        ? Data[0]
        : throw new InvalidOperationException(
            $"a Tensor with {_count} elements cannot be converted to Scalar (shape {ShapeText(_shape)})");

    /// <summary>
    /// True when every element is known to be <paramref name="value"/> without reading them (a
    /// tensor made by <see cref="Full"/>); false says nothing about the elements.
    /// </summary>
    internal bool IsUniform(out float value)
    {
        value = _uniform.GetValueOrDefault();
        return _uniform.HasValue;
    }

    /// <summary>
    /// The elements; a uniform tensor fills its array on first use. Two threads may both fill
    /// one: the first to publish wins and the other's copy (the same values) is dropped, so every
    /// reader sees one array that never changes afterwards.
    /// </summary>
    private float[] Data => Volatile.Read(ref _data) ?? Fill();

    private float[] Fill()
    {
        var filled = GC.AllocateUninitializedArray<float>(_count);
        Array.Fill(filled, _uniform!.Value);
        return Interlocked.CompareExchange(ref _data, filled, null) ?? filled;
    }

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

    /// <summary>Every element <paramref name="value"/>; a uniform tensor (see remarks on the class).</summary>
    public static Tensor Full(float value, params int[] shape) => new(value, CheckShape(shape), (int[])shape.Clone());

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
        if (count != _count)
            throw new ArgumentException($"shape {ShapeText(shape)} is invalid for input of size {_count}");
        var copy = (int[])shape.Clone();
        return _uniform is float value ? new Tensor(value, count, copy) : new Tensor(Data, copy);
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
