namespace Autograd.Tensors;

/// <summary>Joining tensors end to end: row blocks along dim 0 (the gather of shards, on a member or on the client).</summary>
public static class Concatenation
{
    /// <summary>The parts' elements one after the other, as a tensor of <paramref name="shape"/> (row-major: whole rows in order).</summary>
    public static Tensor Rows(IReadOnlyList<Tensor> parts, int[] shape)
    {
        var data = Buffers.Uninitialized(Tensor.CheckShape(shape));
        int offset = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(data.AsSpan(offset));
            offset += part.Count;
        }
        if (offset != data.Length)
            throw new ArgumentException($"parts of {offset} elements in all cannot fill shape {Tensor.ShapeText(shape)}");
        return Tensor.Wrap(data, (int[])shape.Clone());
    }
}
