namespace Autograd.Bench;

/// <summary>
/// The <c>train</c> figures, one column per member count, ours beside PyTorch's row by row; printed
/// once every column is in.
/// </summary>
internal sealed class TrainTable(IEnumerable<string> columns)
{
    private readonly string[] _columns = columns.ToArray();
    private readonly List<(string Label, string[] Cells)> _rows = [];

    /// <summary>Time per epoch: the median over the epochs after the first (which includes JIT warm-up), or the only one.</summary>
    public static double EpochMs(double[] epochMs) => Measure.Median(epochMs.Length > 1 ? epochMs[1..] : epochMs);

    public void Fill(int column, OurTrainRun ours, PeerTrainRun? torch)
    {
        double ourEpoch = EpochMs(ours.EpochMs), stepsPerEpoch = (double)ours.Steps / ours.EpochMs.Length;
        Set("time per epoch, ours", column, $"{ourEpoch:0.0} ms (first {ours.EpochMs[0]:0.0})");
        Set("time per epoch, PyTorch", column, torch is null ? "n/a" : $"{EpochMs(torch.EpochMs):0.0} ms (first {torch.EpochMs[0]:0.0})");
        Set("ours / PyTorch", column, torch is null ? "n/a" : $"{ourEpoch / EpochMs(torch.EpochMs):0.00}");
        Set("steps; steps/s ours, PyTorch", column,
            $"{ours.Steps}; {stepsPerEpoch / ourEpoch * 1e3:0}" + (torch is null ? "" : $", {stepsPerEpoch / EpochMs(torch.EpochMs) * 1e3:0}"));
        Set("test accuracy, ours / PyTorch", column, $"{ours.Accuracy * 100:0.0}% / " + (torch is null ? "n/a" : $"{torch.Accuracy * 100:0.0}%"));
        Set("bytes between members per step", column, ours.Members == 1 ? $"{ours.BytesPerStep:0}" : $"{ours.BytesPerStep / 1024:0.0} KiB");
        Set("minimum for this placement", column, ours.MinimumBytesPerStep == 0 ? "0"
            : $"{ours.MinimumBytesPerStep / 1024:0.0} KiB (ours {ours.BytesPerStep / ours.MinimumBytesPerStep:0.00}x)");
        Set("final 0.weight max|diff| vs PyTorch", column, torch is null ? "n/a"
            : $"{ours.FinalWeight.Zip(torch.FinalWeight, (a, b) => MathF.Abs(a - b)).Max():0.0e+0}");
    }

    public void Print()
    {
        int labelWidth = _rows.Max(r => r.Label.Length);
        var widths = _columns.Select((c, i) => Math.Max(c.Length, _rows.Max(r => (r.Cells[i] ?? "").Length))).ToArray();
        Console.WriteLine(Line("", _columns));
        foreach (var (label, cells) in _rows) Console.WriteLine(Line(label, cells));

        string Line(string label, string[] cells) =>
            (label.PadRight(labelWidth) + "  " + string.Join("  ", cells.Select((c, i) => (c ?? "").PadLeft(widths[i])))).TrimEnd();
    }

    private void Set(string label, int column, string cell)
    {
        int row = _rows.FindIndex(r => r.Label == label);
        if (row < 0)
        {
            _rows.Add((label, new string[_columns.Length]));
            row = _rows.Count - 1;
        }
        _rows[row].Cells[column] = cell;
    }
}
