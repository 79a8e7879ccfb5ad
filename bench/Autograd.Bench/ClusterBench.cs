using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Autograd.Client;
using Autograd.Client.Cluster;
using Autograd.Transport;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;

namespace Autograd.Bench;

/// <summary>
/// <c>cluster</c>: the parameter-server / data-parallel step on K = 1, 2, 4 members (each its own
/// ActorSystem on loopback, in this process) driven by a remote client, beside PyTorch's
/// distributed autograd (bench/reference/cluster.py): W 784x10 replicated and requiring grad,
/// X 4096x784 and Y 4096x10 row-sharded, loss ((X@W)-Y).pow(2).mean(), forward + backward.
/// Prints the median step time after a warm-up that lets the JIT settle, protocol bytes between
/// members per step beside the minimum (W broadcast to each remote shard plus one partial gradient
/// back from each), protocol messages per step, W.Grad against K = 1, and the median round trip of
/// a tiny remote op.
/// </summary>
internal static class ClusterBench
{
    private const int N = 4096, D = 784, C = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0]) : 50;
        int[] ks = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [1, 2, 4];
        Console.WriteLine($"cluster: W {D}x{C} replicated (requires grad), X {N}x{D} and Y {N}x{C} in Rows(K), " +
                          $"loss ((X@W)-Y).pow(2).mean(), forward+backward, median of {steps} steps after warm-up");
        var (torch, blas) = RunPyTorch(steps, ks);
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
                              $"(minimum {minimum / 1024.0:0.0} KiB, {ratio}) in {result.MessagesPerStep:0.#} messages, " +
                              $"dW max|diff| vs K={ks[0]}: {diff:0.0e+0}; forward alone {result.ForwardMs:0.00} ms");
            if (torch.TryGetValue(k, out var t))
                Console.WriteLine($"      pytorch : {t.StepMs,8:0.00} ms/step (minimum wire {t.MinBytes / 1024.0:0.0} KiB: every shard is remote), " +
                                  $"autograd/pytorch = {result.StepMs / t.StepMs:0.00}");
        }
        Console.WriteLine($"tiny remote op round trip (create a + 1 on a member, read it; median): autograd {tinyUs:0} µs" +
                          (torch.Count > 0 ? $", pytorch rpc_sync(add) {torch.Values.First().TinyUs:0} µs" : ""));
        if (torch.Count == 0) Console.WriteLine($"pytorch: not run (needs {PythonPeer.Python} with torch)");
        if (blas is not null) Console.WriteLine(blas);
        return 0;
    }

    private sealed record Result(double StepMs, long BytesPerStep, double MessagesPerStep, float[] Grad, double TinyOpUs, double ForwardMs);

    /// <summary>Warm-up: tiered JIT promotes the step's code to optimized tiers only after it has run a while.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

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
            await using var client = await AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = [seed], Timeout = timeout, Tls = TlsSettings.PlainText });
            await using var s = client.NewSession();
            var x = s.Variable(Tensor.RandomUniform(1, -1f, 1f, N, D), sharding: Sharding.Rows(k));
            var y = s.Variable(Tensor.RandomUniform(2, -1f, 1f, N, C), sharding: Sharding.Rows(k));
            var w = s.Variable(Tensor.RandomUniform(3, -0.05f, 0.05f, D, C), requiresGrad: true);
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < WarmUp) await Step(x, w, y);
            await w.ZeroGradAsync();
            await Step(x, w, y);
            var grad = (await w.GradAsync())!.ToArray();

            var wire = new WireCounters(members.Append(client.System));
            long bytesBefore = wire.BytesRead, messagesBefore = wire.MessagesRead;
            var times = new double[steps];
            for (int i = 0; i < steps; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await Step(x, w, y);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            long bytes = (wire.BytesRead - bytesBefore) / steps;
            double messages = (double)(wire.MessagesRead - messagesBefore) / steps;

            // Where the time goes: the forward alone (reading the loss) in separate steps.
            var forwardTimes = new double[Math.Max(5, steps / 4)];
            for (int i = 0; i < forwardTimes.Length; i++)
            {
                long start = Stopwatch.GetTimestamp();
                var loss = (x.MatMul(w) - y).Pow(2f).Mean();
                await loss.ItemAsync();
                forwardTimes[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                await loss.BackwardAsync();
            }

            double tinyUs = measureTinyOp ? await TinyOpAsync(s) : 0;
            return new Result(Measure.Median(times), bytes, messages, grad, tinyUs, Measure.Median(forwardTimes));
        }
        finally
        {
            await EmbeddedCluster.StopAsync(members, TimeSpan.FromSeconds(10));
        }
    }

    private static Task Step(Variable x, Variable w, Variable y) => (x.MatMul(w) - y).Pow(2f).Mean().BackwardAsync();

    private static async Task<double> TinyOpAsync(Session s)
    {
        var a = s.Variable(Tensor.Scalar(1f));
        for (int i = 0; i < 200; i++) await (a + 1f).ItemAsync();
        var trips = new double[500];
        for (int i = 0; i < trips.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await (a + 1f).ItemAsync();
            trips[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return Measure.Median(trips);
    }

    private sealed record TorchResult(double StepMs, long MinBytes, double TinyUs);

    /// <summary>Runs bench/reference/cluster.py; no figures if unavailable.</summary>
    private static (Dictionary<int, TorchResult> Results, PeerBlas? Blas) RunPyTorch(int steps, int[] ks)
    {
        var results = new Dictionary<int, TorchResult>();
        PeerBlas? blas = null;
        var script = PythonPeer.FindScript("cluster.py");
        if (script is null || !PythonPeer.IsInstalled) return (results, blas);
        string output;
        try
        {
            // stderr is TensorPipe's shutdown chatter; a failed run shows as missing figures.
            (_, output, _) = PythonPeer.Run([script, steps.ToString(), .. ks.Select(k => k.ToString())], TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException e)
        {
            Console.WriteLine($"pytorch: {e.Message}");
            return (results, blas);
        }
        foreach (var line in output.Split('\n').Where(l => l.StartsWith('{')))
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            results[r.GetProperty("k").GetInt32()] = new TorchResult(
                r.GetProperty("step_ms").GetDouble(), r.GetProperty("min_wire_bytes").GetInt64(), r.GetProperty("tiny_op_us").GetDouble());
            blas ??= PeerBlas.From(r);
        }
        return (results, blas);
    }
}
