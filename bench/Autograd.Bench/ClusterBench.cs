using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Autograd.Client;
using Autograd.Client.Cluster;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;

namespace Autograd.Bench;

/// <summary>
/// <c>cluster</c>: the parameter-server / data-parallel step on K = 1, 2, 4 members (each its own
/// ActorSystem on loopback, in this process) driven by a remote client, beside PyTorch's
/// distributed autograd (bench/reference/cluster.py): W 784x10 replicated and requiring grad,
/// X 4096x784 and Y 4096x10 row-sharded, loss ((X@W)-Y).pow(2).mean(), forward + backward.
/// Prints step time, protocol bytes between members per step beside the minimum (W broadcast
/// to each remote shard plus one partial gradient back from each), W.Grad against K = 1, and
/// the round trip of a tiny remote op.
/// </summary>
internal static class ClusterBench
{
    private const int N = 4096, D = 784, C = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0]) : 20;
        int[] ks = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [1, 2, 4];
        Console.WriteLine($"cluster: W {D}x{C} replicated (requires grad), X {N}x{D} and Y {N}x{C} in Rows(K), " +
                          $"loss ((X@W)-Y).pow(2).mean(), forward+backward, {steps} steps after 3 warm-up");
        var torch = RunPyTorch(steps, ks);
        float[]? reference = null;
        double tinyUs = 0;
        foreach (var k in ks)
        {
            var result = await StepAsync(k, steps, measureTinyOp: k == ks[0]);
            reference ??= result.Grad;
            if (result.TinyOpUs > 0) tinyUs = result.TinyOpUs;
            var diff = reference.Zip(result.Grad, (a, b) => MathF.Abs(a - b)).Max();
            long minimum = 2L * (k - 1) * D * C * sizeof(float);
            var ratio = minimum == 0 ? "-" : $"{(double)result.BytesPerStep / minimum:0.00}x";
            Console.WriteLine($"K={k}  autograd: {result.StepMs,8:0.00} ms/step, wire {result.BytesPerStep / 1024.0,8:0.0} KiB/step " +
                              $"(minimum {minimum / 1024.0:0.0} KiB, {ratio}), dW max|diff| vs K={ks[0]}: {diff:0.0e+0}; " +
                              $"forward alone {result.ForwardMs:0.00} ms");
            if (torch.TryGetValue(k, out var t))
                Console.WriteLine($"      pytorch : {t.StepMs,8:0.00} ms/step (minimum wire {t.MinBytes / 1024.0:0.0} KiB: every shard is remote), " +
                                  $"autograd/pytorch = {result.StepMs / t.StepMs:0.00}");
        }
        Console.WriteLine($"tiny remote op round trip (create a + 1 on a member, read it): autograd {tinyUs:0} µs" +
                          (torch.Count > 0 ? $", pytorch rpc_sync(add) {torch.Values.First().TinyUs:0} µs" : ""));
        if (torch.Count == 0) Console.WriteLine("pytorch: not run (needs /usr/bin/python3 with torch)");
        return 0;
    }

    private sealed record Result(double StepMs, long BytesPerStep, float[] Grad, double TinyOpUs, double ForwardMs);

    private static async Task<Result> StepAsync(int k, int steps, bool measureTinyOp)
    {
        var timeout = TimeSpan.FromSeconds(60);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = off")
            .WithFallback(AutogradConfig.WithTimeout(timeout))
            .WithFallback(AutogradConfig.Default);
        var (members, _) = await EmbeddedCluster.StartAsync(k, config, timeout);
        try
        {
            var seed = ((ExtendedActorSystem)members[0]).Provider.DefaultAddress.ToString();
            await using var client = await AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = [seed], Timeout = timeout });
            await using var s = client.NewSession();
            var x = s.Variable(Tensor.RandomUniform(1, -1f, 1f, N, D), sharding: Sharding.Rows(k));
            var y = s.Variable(Tensor.RandomUniform(2, -1f, 1f, N, C), sharding: Sharding.Rows(k));
            var w = s.Variable(Tensor.RandomUniform(3, -0.05f, 0.05f, D, C), requiresGrad: true);
            for (int i = 0; i < 3; i++) await Step(x, w, y);
            await w.ZeroGradAsync();
            await Step(x, w, y);
            var grad = (await w.GradAsync())!.ToArray();

            var systems = members.Append(client.System).ToArray();
            long before = BytesRead(systems);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) await Step(x, w, y);
            double stepMs = clock.Elapsed.TotalMilliseconds / steps;
            long bytes = (BytesRead(systems) - before) / steps;

            // Where the time goes: the forward alone (reading the loss) in separate steps.
            var forwardClock = new Stopwatch();
            for (int i = 0; i < Math.Max(3, steps / 4); i++)
            {
                forwardClock.Start();
                var loss = (x.MatMul(w) - y).Pow(2f).Mean();
                await loss.ItemAsync();
                forwardClock.Stop();
                await loss.BackwardAsync();
            }
            double forwardMs = forwardClock.Elapsed.TotalMilliseconds / Math.Max(3, steps / 4);

            double tinyUs = measureTinyOp ? await TinyOpAsync(s) : 0;
            return new Result(stepMs, bytes, grad, tinyUs, forwardMs);
        }
        finally
        {
            await Task.WhenAll(members.Select(m => m.Terminate()));
        }
    }

    private static Task Step(Variable x, Variable w, Variable y) => (x.MatMul(w) - y).Pow(2f).Mean().BackwardAsync();

    private static async Task<double> TinyOpAsync(Session s)
    {
        var a = s.Variable(Tensor.Scalar(1f));
        for (int i = 0; i < 50; i++) await (a + 1f).ItemAsync();
        const int trips = 500;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < trips; i++) await (a + 1f).ItemAsync();
        return clock.Elapsed.TotalMicroseconds / trips;
    }

    private static long BytesRead(IEnumerable<ActorSystem> systems) =>
        systems.Sum(s => ((AutogradSerializer)s.Serialization.FindSerializerForType(typeof(InputValue))).BytesRead);

    private sealed record TorchResult(double StepMs, long MinBytes, double TinyUs);

    /// <summary>Runs bench/reference/cluster.py (found from the working directory upwards); empty if unavailable.</summary>
    private static Dictionary<int, TorchResult> RunPyTorch(int steps, int[] ks)
    {
        var results = new Dictionary<int, TorchResult>();
        var script = FindScript();
        if (script is null || !File.Exists("/usr/bin/python3")) return results;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(steps.ToString());
        foreach (var k in ks) start.ArgumentList.Add(k.ToString());
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();  // TensorPipe's shutdown chatter
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            if (!line.StartsWith('{')) continue;
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            results[r.GetProperty("k").GetInt32()] = new TorchResult(
                r.GetProperty("step_ms").GetDouble(), r.GetProperty("min_wire_bytes").GetInt64(), r.GetProperty("tiny_op_us").GetDouble());
        }
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        return results;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "bench", "reference", "cluster.py");
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
