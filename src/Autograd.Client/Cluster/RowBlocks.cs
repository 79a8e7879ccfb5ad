namespace Autograd.Client.Cluster;

/// <summary>
/// A row-sharded tensor's blocks on the client: splitting a whole value into its shards' rows
/// (uploading, loading a state dict). Joining them back is <see cref="Tensors.Concatenation.Rows"/>, as the gather op does.
/// </summary>
internal static class RowBlocks
{
    /// <summary>Rows of <paramref name="whole"/> in blocks of <paramref name="rows"/> (which sum to its dim 0).</summary>
    public static Tensor[] Split(Tensor whole, IReadOnlyList<int> rows)
    {
        if (whole.Rank == 0) throw new ArgumentException("a 0-dimensional tensor has no rows to split");
        int rowLength = whole.Rank == 1 ? 1 : whole.Count / Math.Max(1, whole.Dims[0]);
        if (rows.Sum() != whole.Dims[0])
            throw new ArgumentException($"blocks of {string.Join("+", rows)} rows do not cover the {whole.Dims[0]} rows of {Tensor.ShapeText(whole.Dims)}");
        var parts = new Tensor[rows.Count];
        int row = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            var shape = whole.Shape;
            shape[0] = rows[i];
            parts[i] = Tensor.Wrap(whole.Span.Slice(row * rowLength, rows[i] * rowLength).ToArray(), shape);
            row += rows[i];
        }
        return parts;
    }
}
