namespace Autograd.Bench.Wire;

/// <summary><c>wire</c>: the bulk data path's table; <c>wire probe</c>: issue 11's probes.</summary>
internal static class WireBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.FirstOrDefault() == "probe")
            return await WireProbe.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 3);
        return await WireTable.RunAsync(args.Length > 0 ? int.Parse(args[0]) : 5);
    }
}
