using System.Globalization;

namespace Autograd.AppBench;

/// <summary>One workload on one placement: ours beside PyTorch's, against a target ratio (and a tighter aim where the issue sets one).</summary>
internal sealed record Row(string Workload, string Placement, string Unit, Measured Ours, Measured? PyTorch, double Target, double? Aim)
{
    public double? Ratio => PyTorch is null ? null : Ours.Median / PyTorch.Median;

    public string Verdict => Ratio switch
    {
        null => "n/a",
        var r when r > Target => "MISSED",
        var r when Aim is double aim => r <= aim ? $"met (aim {aim:0.0} met)" : $"met (aim {aim:0.0} missed)",
        _ => "met",
    };

    /// <summary>Largest difference between the first steps' losses on both sides (training workloads only).</summary>
    public string LossCheck
    {
        get
        {
            if (Ours.Losses.Count == 0) return "";
            if (PyTorch is null || PyTorch.Losses.Count != Ours.Losses.Count) return "n/a";
            return Ours.Losses.Zip(PyTorch.Losses, (a, b) => Math.Abs(a - b)).Max().ToString("0.0e+0", CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>The results as a fixed-width table: medians, their ratio and the verdict first, then the means and the loss check.</summary>
internal static class ResultTable
{
    private static readonly string[] Header =
        ["workload", "placement", "unit", "ours", "PyTorch", "ratio", "target", "verdict", "ours mean", "PyTorch mean", "|Δloss| 5 steps"];

    public static void Print(IReadOnlyList<Row> rows)
    {
        var cells = rows.Select(r => new[]
        {
            r.Workload, r.Placement, r.Unit, Number(r.Ours.Median), r.PyTorch is null ? "n/a" : Number(r.PyTorch.Median),
            r.Ratio is double ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "n/a",
            $"<= {r.Target:0.0}", r.Verdict, Number(r.Ours.Mean), r.PyTorch is null ? "n/a" : Number(r.PyTorch.Mean), r.LossCheck,
        }).ToList();
        var widths = Header.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        Console.WriteLine(Line(Header, widths));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in cells) Console.WriteLine(Line(row, widths));
    }

    private static string Number(double value) => value.ToString(value >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd();
}
