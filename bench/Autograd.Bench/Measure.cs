using System.Diagnostics;

namespace Autograd.Bench;

/// <summary>Timing helpers shared by the benchmark commands.</summary>
internal static class Measure
{
    /// <summary>
    /// Runs <paramref name="action"/> for at least <paramref name="duration"/>, long enough for
    /// tiered compilation to replace the first, unoptimized code of what it calls.
    /// </summary>
    public static void WarmUp(Action action, TimeSpan duration)
    {
        long start = Stopwatch.GetTimestamp();
        do action();
        while (Stopwatch.GetElapsedTime(start) < duration);
    }

    /// <summary>
    /// The median wall time of <paramref name="repetitions"/> runs in seconds, after
    /// <paramref name="warmups"/> untimed runs (tiered JIT, page faults, caches). The median,
    /// not the mean, because the machine is shared and outliers are other people's work.
    /// <paramref name="untimedBefore"/> runs before each repetition, outside the timing.
    /// </summary>
    public static double MedianSeconds(Action action, int repetitions = 7, int warmups = 2, Action? untimedBefore = null)
    {
        for (int i = 0; i < warmups; i++)
        {
            untimedBefore?.Invoke();
            action();
        }
        var times = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            untimedBefore?.Invoke();
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return Median(times);
    }

    /// <summary>The middle value (the upper one of the two middles for an even count).</summary>
    public static T Median<T>(IEnumerable<T> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>
    /// The median wall time of each candidate in seconds, timed in rounds that run every candidate
    /// once, so that a figure and its reference see the same load on a shared machine.
    /// </summary>
    public static double[] InterleavedMedianSeconds(IReadOnlyList<Timed> candidates, int repetitions = 7, int warmups = 2)
    {
        var times = new double[candidates.Count][];
        for (int c = 0; c < candidates.Count; c++)
            times[c] = new double[repetitions];
        for (int round = -warmups; round < repetitions; round++)
            for (int c = 0; c < candidates.Count; c++)
            {
                candidates[c].UntimedBefore?.Invoke();
                long start = Stopwatch.GetTimestamp();
                candidates[c].Action();
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (round >= 0)
                    times[c][round] = seconds;
            }
        return times.Select(Median).ToArray();
    }
}

/// <summary>One thing to time, with optional preparation before each run that is not timed.</summary>
internal sealed record Timed(Action Action, Action? UntimedBefore = null);

/// <summary>A "what | ours | reference | ratio" table, printed once all rows are in.</summary>
internal sealed class Report(string title)
{
    private readonly List<string[]> _rows = [];

    public void Add(string what, double ours, string reference, double referenceValue, string unit, double target = double.NaN)
    {
        double ratio = ours / referenceValue;
        string verdict = double.IsNaN(target) ? "" : ratio >= target ? $"  (target ≥ {target:0.##}: met)" : $"  (target ≥ {target:0.##}: NOT met)";
        _rows.Add([what, $"{ours:0.0} {unit}", $"{referenceValue:0.0} {unit} {reference}", $"{ratio:0.00}{verdict}"]);
    }

    public void Print()
    {
        string[] header = ["what", "ours", "reference", "ratio"];
        var widths = header.Select((h, i) => Math.Max(h.Length, _rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(Line(header, widths));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
            Console.WriteLine(Line(row, widths));
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd();
}
