using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Autograd.Client;
using Autograd.Client.Cluster;
using Autograd.Protocol;
using Autograd.Transport;
using Autograd.Wire;

namespace Autograd.Bench.Wire;

/// <summary>
/// <c>wire</c>: one tensor of 1 MB to 1 GB sent as an <c>InputValue</c> through <see cref="AutogradWire"/>
/// (the path node actors, the client and the answers take) between actor systems of this process
/// over loopback TCP, beside raw loopback TCP measured in the same run: member to member (an
/// embedded three-member cluster), a remote client (remoting only, as <c>ConnectAsync</c> makes it)
/// to one member, and to all three at once. Times run from the send to the message's arrival at an
/// actor of the receiving system. Also the bulk connection alone, without actor systems
/// (<see cref="BulkAlone"/>). Raw TCP and every path are timed once per run, in turn, so they see
/// the same load on a shared machine, each after the same full collection (which returns freed memory
/// to the OS, so each receiver's array is faulted in afresh, as raw TCP's). Memory: bytes allocated by the whole process during the transfer
/// (sender and receivers together: the receiver's one array per tensor is the tensor itself) and the
/// rise of the process's peak resident size, both beside the tensor. Medians of the runs.
/// </summary>
internal static class WireTable
{
    private const long MB = 1000 * 1000;
    private static readonly long[] Sizes = [1 * MB, 10 * MB, 100 * MB, 1000 * MB];

    public static async Task<int> RunAsync(int runs)
    {
        Console.WriteLine($"wire: medians of {runs} runs (1 GB: of {Math.Min(runs, 3)}); load average at start {WireProbe.LoadAverage()}");
        var timeout = TimeSpan.FromSeconds(120);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = off")
            .WithFallback(AutogradConfig.WithTimeout(timeout)).WithFallback(AutogradConfig.Default);
        var (members, _) = await EmbeddedCluster.StartAsync(3, config, timeout);
        var rows = new List<string[]>();
        try
        {
            var seed = ((ExtendedActorSystem)members[0]).Provider.DefaultAddress.ToString();
            await using var client = await AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = [seed], Timeout = timeout, Tls = TlsSettings.PlainText });
            var arrivals = members.Select(m => m.ActorOf(Props.Create<Arrival>())).ToArray();
            using var alone = new BulkAlone();
            var paths = new (string Name, Func<Tensor, Task<Result>> Run)[]
            {
                ("raw", async t =>
                {
                    ProcessMemory.Settle();
                    return new Result(await RawTcp.SecondsAsync((long)t.Count * sizeof(float)), 0, 0);
                }),
                ("alone", async t =>
                {
                    ProcessMemory.Settle();
                    return new Result(await alone.SecondsAsync(t), 0, 0);
                }),
                ("m→m", t => TimeAsync(t, members[0], [members[1]], arrivals[1..2])),
                ("c→m", t => TimeAsync(t, client.System, [members[1]], arrivals[1..2])),
                ("c→3", t => TimeAsync(t, client.System, members, arrivals)),
            };
            foreach (var size in Sizes)
            {
                int n = size >= 1000 * MB ? Math.Min(runs, 3) : runs;
                var tensor = Tensor.RandomUniform(7, -1f, 1f, (int)(size / sizeof(float)));
                // Interleaved: each run times raw TCP and every path once, so they see the same load.
                var results = paths.Select(_ => new List<Result>()).ToArray();
                for (int run = -1; run < n; run++)  // one untimed round first: connections, JIT
                    for (int p = 0; p < paths.Length; p++)
                    {
                        var result = await paths[p].Run(tensor);
                        if (run >= 0) results[p].Add(result);
                    }
                var (raw, bulk, memberToMember, clientToMember, clientToAll) =
                    (Median(results[0]), Median(results[1]), Median(results[2]), Median(results[3]), Median(results[4]));
                double rawMBs = size / MB / raw.Seconds;
                rows.Add([
                    $"{size / MB} MB",
                    $"{rawMBs:0}",
                    Cell(bulk, size, rawMBs),
                    Cell(memberToMember, size, rawMBs),
                    Cell(clientToMember, size, rawMBs),
                    Cell(clientToAll, 3 * size, rawMBs),
                    $"{memberToMember.Allocated / (double)size:0.00}x / {memberToMember.PeakRise / (double)size:0.00}x",
                    $"{clientToAll.Allocated / (3.0 * size):0.00}x / {clientToAll.PeakRise / (3.0 * size):0.00}x",
                ]);
                Console.WriteLine(string.Join(" | ", rows[^1]));
            }
        }
        finally
        {
            await EmbeddedCluster.StopAsync(members, TimeSpan.FromSeconds(10));
        }
        Print(rows);
        return 0;
    }

    private sealed record Result(double Seconds, long Allocated, long PeakRise);

    private static string Cell(Result result, long bytes, double rawMBs)
    {
        double mbs = bytes / MB / result.Seconds;
        return $"{mbs:0} ({mbs / rawMBs:0.00})";
    }

    private static Result Median(List<Result> results) => new(Measure.Median(results.Select(r => r.Seconds)),
        Measure.Median(results.Select(r => r.Allocated)), Measure.Median(results.Select(r => r.PeakRise)));

    /// <summary>Sends <paramref name="tensor"/> from <paramref name="from"/> to an arrival actor on each of <paramref name="to"/> at once.</summary>
    private static async Task<Result> TimeAsync(Tensor tensor, ActorSystem from, ActorSystem[] to, IActorRef[] arrivals)
    {
        var wire = AutogradWire.Get(from);
        var provider = ((ExtendedActorSystem)from).Provider;
        var targets = to.Select((system, i) =>
            provider.ResolveActorRef(arrivals[i].Path.ToStringWithAddress(((ExtendedActorSystem)system).Provider.DefaultAddress))).ToArray();
        var sender = from.ActorOf(Props.Empty);
        var node = new NodeId(Guid.NewGuid(), 1);
        ProcessMemory.Settle();
        long rss = ProcessMemory.CurrentBytes();
        ProcessMemory.ResetPeak();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var waits = arrivals.Select(a =>
        {
            var done = new TaskCompletionSource<InputValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            a.Tell(new Arrival.Expect(done));
            return done.Task;
        }).ToArray();
        await Task.Delay(20);  // the Expect messages are in before the clock starts
        long start = Stopwatch.GetTimestamp();
        foreach (var target in targets) wire.Tell(target, new InputValue(node, 0, tensor), sender);
        var arrived = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromMinutes(2));
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (arrived.Any(a => a.Value.Count != tensor.Count)) throw new InvalidOperationException("a tensor arrived with another size");
        var result = new Result(seconds, GC.GetTotalAllocatedBytes(precise: true) - allocated, ProcessMemory.PeakBytes() - rss);
        from.Stop(sender);
        return result;
    }

    private static void Print(List<string[]> rows)
    {
        string[] header = ["size", "raw TCP MB/s", "bulk connection alone (÷raw)", "member→member MB/s (÷raw)", "client→member MB/s (÷raw)", "client→3 members MB/s (÷raw)",
            "m→m alloc / peak RSS ÷ tensor", "c→3 alloc / peak RSS ÷ 3 tensors"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine();
        Console.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in rows) Console.WriteLine(string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))));
    }
}
