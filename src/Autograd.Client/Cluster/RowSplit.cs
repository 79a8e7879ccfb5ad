namespace Autograd.Client.Cluster;

/// <summary>Dim 0 split into k contiguous blocks whose sizes differ by at most one (the first ones larger).</summary>
internal static class RowSplit
{
    public static int[] Sizes(int rows, int shards)
    {
        if (rows < shards)
            throw new ArgumentException($"Rows({shards}): cannot split {rows} rows into {shards} non-empty shards");
        var sizes = new int[shards];
        for (int i = 0; i < shards; i++) sizes[i] = rows / shards + (i < rows % shards ? 1 : 0);
        return sizes;
    }
}
