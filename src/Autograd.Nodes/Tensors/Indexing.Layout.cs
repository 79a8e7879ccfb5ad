namespace Autograd.Tensors;

// Kernels that move elements into another layout: permute (transpose of any two dims is one) and expand.
public static partial class Indexing
{
    /// <summary>
    /// The tensor with its dims reordered: dim i of the result is dim <c>dims[i]</c> of <paramref name="x"/>
    /// (<paramref name="dims"/> a permutation, already normalized). Output dims that stay next to each other
    /// in the input are merged first; then the innermost run is copied as a span when it is contiguous in
    /// the input, transposed in cache tiles when the last two dims swap, and gathered element by element otherwise.
    /// </summary>
    public static Tensor Permute(Tensor x, ReadOnlySpan<int> dims)
    {
        var shape = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) shape[i] = x.Dims[dims[i]];
        if (x.IsUniform(out float value)) return Tensor.Full(value, shape);

        var (sizes, steps) = MergedOutputDims(x.Dims, dims);
        if (sizes.Length <= 1 || x.Count == 0) return x.Reshape(shape);   // the same order of elements

        var result = Buffers.Uninitialized(x.Count);   // every element is written below
        var source = x.Span;
        int n = sizes.Length;
        if (steps[n - 1] == 1)
        {
            int run = sizes[n - 1];
            var outer = new Odometer(sizes.AsSpan(0, n - 1), steps.AsSpan(0, n - 1));
            for (int o = 0; o < result.Length; o += run, outer.Next())
                source.Slice(outer.Offset, run).CopyTo(result.AsSpan(o, run));
        }
        else if (steps[n - 2] == 1 && steps[n - 1] == sizes[n - 2])
        {
            // Each block of the input is a contiguous [q, p] matrix that becomes [p, q].
            int p = sizes[n - 2], q = sizes[n - 1], block = p * q;
            var outer = new Odometer(sizes.AsSpan(0, n - 2), steps.AsSpan(0, n - 2));
            for (int o = 0; o < result.Length; o += block, outer.Next())
                Transpose.Tiled(source.Slice(outer.Offset, block), result.AsSpan(o, block), q, p);
        }
        else
        {
            int run = sizes[n - 1], step = steps[n - 1];
            var outer = new Odometer(sizes.AsSpan(0, n - 1), steps.AsSpan(0, n - 1));
            for (int o = 0; o < result.Length; o += run, outer.Next())
            {
                var from = source[outer.Offset..];
                var into = result.AsSpan(o, run);
                for (int j = 0; j < into.Length; j++) into[j] = from[j * step];
            }
        }
        return Tensor.Wrap(result, shape);
    }

    /// <summary>The inverse permutation: permuting by <paramref name="dims"/> and then by this gives the original order.</summary>
    public static int[] Inverse(ReadOnlySpan<int> dims)
    {
        var inverse = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) inverse[dims[i]] = i;
        return inverse;
    }

    /// <summary>
    /// <paramref name="x"/> repeated along the dims where <paramref name="shape"/> is larger (its size
    /// there is 1) and along new leading dims: broadcasting made explicit. Runs that advance in
    /// <paramref name="x"/> are copied, runs of one repeated element filled.
    /// </summary>
    public static Tensor Expand(Tensor x, int[] shape)
    {
        if (x.IsUniform(out float value)) return Tensor.Full(value, shape);
        if (x.Dims.SequenceEqual(shape)) return x;
        var result = Buffers.Uninitialized(Tensor.CheckShape(shape));   // every run is written below
        if (result.Length == 0) return Tensor.Wrap(result, (int[])shape.Clone());
        var plan = new BroadcastPlan(shape, x.Dims, x.Dims);
        var source = x.Span;
        int run = plan.RunLength;
        var cursor = plan.Start();
        for (int r = 0, o = 0; r < plan.Runs; r++, o += run, cursor.Next())
        {
            if (plan.AAdvances) source.Slice(cursor.A, run).CopyTo(result.AsSpan(o, run));
            else result.AsSpan(o, run).Fill(source[cursor.A]);
        }
        return Tensor.Wrap(result, (int[])shape.Clone());
    }

    /// <summary>
    /// The output dims of a permutation as (size, step in the input), size-1 dims dropped and neighbours
    /// merged where the input holds them next to each other in the same order.
    /// </summary>
    private static (int[] Sizes, int[] Steps) MergedOutputDims(ReadOnlySpan<int> input, ReadOnlySpan<int> dims)
    {
        var inputSteps = new int[input.Length];
        for (int d = input.Length - 1, step = 1; d >= 0; step *= input[d], d--) inputSteps[d] = step;
        var sizes = new List<int>(dims.Length);
        var steps = new List<int>(dims.Length);
        foreach (int d in dims)
        {
            int size = input[d], step = inputSteps[d];
            if (size == 1) continue;
            if (steps.Count > 0 && steps[^1] == step * size)
            {
                sizes[^1] *= size;
                steps[^1] = step;
            }
            else
            {
                sizes.Add(size);
                steps.Add(step);
            }
        }
        return (sizes.ToArray(), steps.ToArray());
    }

    /// <summary>Walks the outer dims of a layout in row-major order, keeping the input offset of the current position.</summary>
    private struct Odometer(ReadOnlySpan<int> sizes, ReadOnlySpan<int> steps)
    {
        private readonly int[] _sizes = sizes.ToArray();
        private readonly int[] _steps = steps.ToArray();
        private readonly int[] _index = new int[sizes.Length];

        public int Offset { get; private set; }

        public void Next()
        {
            for (int d = _index.Length - 1; d >= 0; d--)
            {
                Offset += _steps[d];
                if (++_index[d] < _sizes[d]) return;
                Offset -= _steps[d] * _index[d];
                _index[d] = 0;
            }
        }
    }
}
