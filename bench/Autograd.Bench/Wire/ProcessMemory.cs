namespace Autograd.Bench.Wire;

/// <summary>
/// The process's resident memory from /proc (Linux): the current size and the peak since the last
/// <see cref="ResetPeak"/> (writing 5 to /proc/self/clear_refs resets VmHWM), so a transfer's peak
/// is measured around it alone. Elsewhere every figure is -1.
/// </summary>
internal static class ProcessMemory
{
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not Linux, or not allowed: PeakBytes then reports the peak since the process started
        }
    }

    public static long PeakBytes() => Field("VmHWM:");

    public static long CurrentBytes() => Field("VmRSS:");

    /// <summary>Collects twice so the baseline before a measurement holds only what is alive.</summary>
    public static void Settle()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }

    private static long Field(string name)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(name, StringComparison.Ordinal))
                    return long.Parse(line[name.Length..].Trim().Split(' ')[0]) * 1024;
        }
        catch (IOException)
        {
        }
        return -1;
    }
}
