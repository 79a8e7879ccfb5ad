using Autograd.Ops;

namespace Autograd.Client;

// Slicing and joining, as PyTorch's narrow, select, index_select, cat, stack and subscripts.
public sealed partial class Variable
{
    /// <summary>Elements <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> along <paramref name="dim"/> (a negative start counts from the end).</summary>
    public Variable Narrow(int dim, int start, int length) =>
        Session.Apply(new OpSpec("narrow", Dim: dim, Start: start, Length: length), this);

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, that dim removed; a negative index counts from the end.</summary>
    public Variable Select(int dim, int index) => Session.Apply(new OpSpec("select", Dim: dim, Start: index), this);

    /// <summary>
    /// The slices at <paramref name="index"/> (a 1-D float32 tensor of integers) along <paramref name="dim"/>, in
    /// its order; the gradient adds back at each index, so repeated indices accumulate. Not differentiable in the index.
    /// </summary>
    public Variable IndexSelect(int dim, Variable index) => Session.Apply(new OpSpec("index_select", Dim: dim), this, index);

    /// <summary>The tensors joined along <paramref name="dim"/>; all other sizes must match.</summary>
    public static Variable Cat(IReadOnlyList<Variable> tensors, int dim = 0) => Join("cat", tensors, dim);

    /// <summary>The tensors, all of one shape, joined along a new dim at <paramref name="dim"/>.</summary>
    public static Variable Stack(IReadOnlyList<Variable> tensors, int dim = 0) => Join("stack", tensors, dim);

    /// <summary>
    /// A PyTorch subscript: each position selects (an <c>int</c> or <c>^k</c>, removing the dim) or slices
    /// (a range, keeping the dim; bounds are clamped to the dim, as Python's) along the next dim, from dim 0 on:
    /// <c>x[0]</c>, <c>x[.., 1..3]</c>, <c>x[^1]</c>, <c>x[1, ..]</c>. Built from <see cref="Select"/> and
    /// <see cref="Narrow"/>; a range covering a whole dim adds no node.
    /// </summary>
    public Variable this[params TensorIndex[] indices]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(indices);
            if (indices.Length > _shape.Length)
                throw new ArgumentException(
                    $"too many indices for tensor of dimension {_shape.Length} (shape {Tensor.ShapeText(_shape)}, {indices.Length} indices)");
            var result = this;
            int dim = 0;   // where the next position's dim is in the result so far (selected dims are gone)
            for (int k = 0; k < indices.Length; k++)
            {
                var index = indices[k];
                int size = result._shape[dim];
                if (index.Range is not { } range)
                {
                    result = result.Select(dim, index.Position(size, originalDim: k));
                    continue;
                }
                int start = Math.Clamp(Bound(range.Start, size), 0, size);
                int end = Math.Clamp(Bound(range.End, size), start, size);
                if (start > 0 || end < size) result = result.Narrow(dim, start, end - start);
                dim++;
            }
            return result;
        }
    }

    private static int Bound(Index bound, int size) => bound.IsFromEnd ? size - bound.Value : bound.Value;

    private static Variable Join(string op, IReadOnlyList<Variable> tensors, int dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException($"{op}: expected a non-empty list of tensors", nameof(tensors));
        ArgumentNullException.ThrowIfNull(tensors[0]);
        return tensors[0].Session.Apply(new OpSpec(op, Dim: dim, Parts: tensors.Count), [.. tensors]);
    }
}
