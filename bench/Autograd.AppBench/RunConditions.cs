namespace Autograd.AppBench;

/// <summary>What the figures depend on besides the code: the runtime settings this process got, and the machine's load.</summary>
internal static class RunConditions
{
    /// <summary>
    /// The GC and JIT settings in effect, read back from the runtime: the Autograd.Client package's
    /// buildTransitive props put them in this app's runtimeconfig.json, and a lost one shows here.
    /// </summary>
    public static string RuntimeSettings()
    {
        var gc = GC.GetConfigurationVariables();
        return $"concurrent GC {gc.GetValueOrDefault("ConcurrentGC")}, server GC {gc.GetValueOrDefault("ServerGC")}, " +
               $"conserve memory {gc.GetValueOrDefault("GCConserveMem")}, GC region size {gc.GetValueOrDefault("GCRegionSize")}, " +
               $"call counting delay {AppContext.GetData("System.Runtime.TieredCompilation.CallCountingDelayMs") ?? "default"} ms, " +
               $"thread-pool spin {AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit") ?? "default"}";
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
