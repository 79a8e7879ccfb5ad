using System.Reflection;
using Autograd.AppBench;
using Autograd.Client;

// usage: Autograd.AppBench [--connect host:port]   (bench/app-bench.sh packs the library, builds and runs this)
// Each workload runs on one embedded member, then in PyTorch (bench/reference/app.py) right after, so both
// see about the same load on a shared machine; with --connect the two small training steps run again from
// a remote client of that cluster (mutual TLS from the AUTOGRAD__TLS__* variables that
// `deploy/local-cluster.sh client-env` prints), each followed by PyTorch again.
string? contactPoint = args is ["--connect", var point] ? point : null;
if (args.Length > 0 && contactPoint is null)
{
    Console.Error.WriteLine("usage: Autograd.AppBench [--connect host:port]");
    return 2;
}

var job = BenchJob.Create();
string jobFile = job.Write();
try
{
    var torch = new TorchPeer(jobFile);
    string loadBefore = RunConditions.LoadAverage();
    var rows = new List<Row>();
    await using (var engine = await AutogradEngine.StartEmbeddedAsync())
    {
        foreach (var setup in new[] { job.Spiral, job.Digits })
            rows.Add(Compare(setup.Name, "embedded", "us/step", await Ours(setup.Name, () => TrainingWorkloads.MeasureAsync(engine, setup)), torch,
                target: 1.0, aim: 0.5));
        foreach (var workload in job.Engine)
            rows.Add(Compare(workload.Name, "embedded", workload.Unit, await Ours(workload.Name, () => Timing.RepetitionsAsync(engine, workload)), torch,
                target: 1.0, aim: null));
    }
    if (contactPoint is not null)
    {
        await using var client = await AutogradEngine.ConnectAsync(ClientSettings.FromEnvironment(contactPoint));
        foreach (var setup in new[] { job.Spiral, job.Digits })
            rows.Add(Compare(setup.Name, "remote", "us/step", await Ours(setup.Name, () => TrainingWorkloads.MeasureAsync(client, setup)), torch,
                target: 2.0, aim: null));
    }

    var version = typeof(RunConditions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AutogradVersion").Value;
    Console.WriteLine($"Autograd.Client {version} (package) vs {torch.Description}");
    Console.WriteLine($"medians after a warm-up of >= {Timing.Round.TotalSeconds * Timing.QuietRounds:0} s, ours until that long JIT-compiled " +
                      $"<= {Timing.QuietMethods} methods per {Timing.Round.TotalSeconds} s; training: {BenchJob.TrainingSteps} steps timed one by one; " +
                      "others: repetitions as bench/Autograd.Bench's engine command; ratio = ours / PyTorch");
    Console.WriteLine($"embedded: one member in this process; remote: a client of the cluster at {contactPoint ?? "(not run: no --connect)"}");
    Console.WriteLine($"runtime: {RunConditions.RuntimeSettings()}");
    Console.WriteLine($"load average (1, 5, 15 min) at start {loadBefore}, at end {RunConditions.LoadAverage()}, on {Environment.ProcessorCount} CPUs");
    ResultTable.Print(rows);
    if (torch.Problem is not null) Console.WriteLine($"PyTorch: {torch.Problem}");
    return 0;
}
finally
{
    File.Delete(jobFile);
}

static async Task<Measured> Ours(string name, Func<Task<Measured>> measure)
{
    Console.Error.WriteLine($"appbench: {name} ...");
    return await measure();
}

static Row Compare(string name, string placement, string unit, Measured ours, TorchPeer torch, double target, double? aim) =>
    new(name, placement, unit, ours, torch.Measure(name), target, aim);
