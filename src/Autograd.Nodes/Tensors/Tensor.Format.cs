using System.Globalization;
using System.Text;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Formats like PyTorch's print: <c>tensor([[3., 3.],\n        [3., 3.]])</c>.</summary>
    public override string ToString() => TensorFormatter.Format(this, "tensor(", ")");
}

/// <summary>PyTorch's tensor printing rules, simplified: integer-valued data prints as "3.", otherwise four decimals.</summary>
internal static class TensorFormatter
{
    public static string Format(Tensor t, string prefix, string suffix)
    {
        var data = t.Span;
        bool allIntegers = true;
        foreach (var v in data)
            if (!float.IsFinite(v) || v != MathF.Round(v)) { allIntegers = false; break; }
        var cells = new string[data.Length];
        for (int i = 0; i < data.Length; i++) cells[i] = Cell(data[i], allIntegers);
        int width = cells.Length == 0 ? 0 : cells.Max(c => c.Length);
        var sb = new StringBuilder(prefix);
        if (t.Rank == 0) sb.Append(cells[0]);
        else Append(sb, cells, t.Dims, 0, 0, width, prefix.Length);
        return sb.Append(suffix).ToString();
    }

    private static string Cell(float v, bool integers) =>
        integers ? v.ToString("0", CultureInfo.InvariantCulture) + "."
                 : v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static int Append(StringBuilder sb, string[] cells, ReadOnlySpan<int> dims, int dim, int offset, int width, int indent)
    {
        sb.Append('[');
        int n = dims[dim];
        int stride = 1;
        for (int d = dim + 1; d < dims.Length; d++) stride *= dims[d];
        for (int i = 0; i < n; i++)
        {
            if (dim == dims.Length - 1)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(cells[offset + i].PadLeft(width));
            }
            else
            {
                if (i > 0)
                {
                    sb.Append(',');
                    sb.Append('\n', dims.Length - dim - 1);
                    sb.Append(' ', indent + dim + 1);
                }
                Append(sb, cells, dims, dim + 1, offset + i * stride, width, indent);
            }
        }
        sb.Append(']');
        return offset + n * stride;
    }
}
