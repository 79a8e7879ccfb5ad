namespace Autograd.Client;

/// <summary>
/// One position of <see cref="Variable"/>'s indexer, as in a PyTorch subscript: an <c>int</c> (a
/// negative one counts from the end, as Python's <c>x[-1]</c>), an <see cref="Index"/> (<c>^1</c>) or a
/// <see cref="Range"/> (<c>1..3</c>, <c>..</c>). Written implicitly: <c>x[0]</c>, <c>x[.., 1..3]</c>, <c>x[^1, 0]</c>.
/// </summary>
public readonly struct TensorIndex
{
    private readonly int _position;
    private readonly Index? _index;
    private readonly Range? _range;

    private TensorIndex(int position, Index? index, Range? range) => (_position, _index, _range) = (position, index, range);

    public static implicit operator TensorIndex(int position) => new(position, null, null);

    public static implicit operator TensorIndex(Index index) => new(0, index, null);

    public static implicit operator TensorIndex(Range range) => new(0, null, range);

    /// <summary>The range of a slice, or null for a single position (which removes its dim).</summary>
    internal Range? Range => _range;

    /// <summary>
    /// The position along a dim of <paramref name="size"/> for <c>Select</c>: an <c>int</c> as given (Select
    /// counts a negative one from the end and checks it), an <see cref="Index"/> resolved and checked here.
    /// </summary>
    internal int Position(int size, int originalDim)
    {
        if (_index is not { } index) return _position;
        int position = index.GetOffset(size);
        if (position < 0 || position >= size)
            throw new ArgumentException($"index {index} is out of bounds for dimension {originalDim} with size {size}");
        return position;
    }

    public override string ToString() => _range?.ToString() ?? _index?.ToString() ?? _position.ToString();
}
