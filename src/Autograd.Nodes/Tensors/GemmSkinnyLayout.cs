namespace Autograd.Tensors;

/// <summary>
/// A row of <see cref="Length"/> values read in vectors of <see cref="Width"/> with no scalar loop.
/// When <see cref="Head"/> &gt; 0, the first vector reads from 0 and the next ones from
/// <see cref="Head"/> on, where memory is vector-aligned (an unaligned Vector512 read spans two
/// cache lines: measured 10 to 25 % slower). When the row does not end on a vector, the last
/// vector reads at <c>Length - Width</c>. Vectors may overlap.
/// A scratch row mirroring these reads has <see cref="Stride"/> slots, vector v's lanes at
/// v·<see cref="Width"/>; each value has one slot of its own (<see cref="Slot"/>), and any other
/// lane that reads it holds zero (a weight, so that the value counts once) or the same full sum
/// (a row of Cᵀ, never read back).
/// </summary>
internal readonly record struct GemmSkinnyLayout(int Length, int Width, int Head)
{
    /// <summary>
    /// The layout for rows of <paramref name="length"/> values, the first at <paramref name="firstRow"/>:
    /// aligned when every row starts at the same place within a vector (the length a whole number of vectors).
    /// </summary>
    public static unsafe GemmSkinnyLayout For(int length, int width, float* firstRow)
    {
        nuint bytes = (nuint)width * sizeof(float);
        nuint misaligned = (nuint)firstRow % bytes;
        bool alignable = length % width == 0 && misaligned % sizeof(float) == 0 && misaligned != 0;
        return new GemmSkinnyLayout(length, width, alignable ? width - (int)(misaligned / sizeof(float)) : 0);
    }

    public int Count => (Head > 0 ? 1 : 0) + (Length - Head + Width - 1) / Width;
    public int Stride => Count * Width;

    /// <summary>Vector v reads from v·Width − Shift (clamped to the row), so that its reads from <see cref="Head"/> on are aligned.</summary>
    public int Shift => Head == 0 ? 0 : Width - Head;

    /// <summary>Where vector <paramref name="vector"/> reads (any vector past the last reads where the last does).</summary>
    public int Offset(int vector) => Math.Min(Math.Max(vector * Width - Shift, 0), Length - Width);

    /// <summary>The values whose <see cref="Slot"/> is in vector <paramref name="vector"/>: from here ...</summary>
    public int OwnStart(int vector) => vector == 0 ? 0 : vector * Width - Shift;

    /// <summary>... to here (exclusive).</summary>
    public int OwnEnd(int vector) => vector == Count - 1 ? Length : (vector + 1) * Width - Shift;

    /// <summary>The scratch slot of value <paramref name="index"/>: its lane in one vector that reads it.</summary>
    public int Slot(int index)
    {
        int vector = Math.Min((index + Shift) / Width, Count - 1);
        return vector * Width + index - Offset(vector);
    }
}
