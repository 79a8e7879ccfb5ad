using System.CommandLine;
using Autograd.Client.Training;
using Autograd.Host.Member;
using Autograd.Transport;

namespace Autograd.Host.Train;

/// <summary>The <c>train</c> command's options (System.CommandLine), and what they mean for a run.</summary>
internal sealed class TrainArguments
{
    private static readonly TrainingOptions Defaults = new();

    public Option<int> Members { get; } = new("--members") { Description = "members of the embedded cluster (each its own actor system, joined over loopback)", DefaultValueFactory = _ => 3 };
    public Option<string[]> Connect { get; } = new("--connect") { Description = "contact point of a running cluster, host:port, e.g. 127.0.0.1:4053 (repeatable); replaces the embedded cluster", AllowMultipleArgumentsPerToken = true };

    /// <summary>--connect's TLS switches, the same as the member command's (each overrides Autograd:Tls:* of
    /// appsettings.json and AUTOGRAD__TLS__* environment variables).</summary>
    public IReadOnlyList<Option<string>> Tls { get; } = TlsConfiguration.Switches.Keys
        .Select(name => new Option<string>(name) { Description = $"with --connect: {TlsConfiguration.Section}:{TlsConfiguration.Switches[name].Split(':')[^1]}" })
        .ToArray();
    public Option<int> Epochs { get; } = new("--epochs") { Description = "epochs to train (in all, counting those of a resumed run)", DefaultValueFactory = _ => Defaults.Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "samples per step, row-sharded over the members", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<float> LearningRate { get; } = new("--lr") { Description = "learning rate", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "sgd, adam or adamw", DefaultValueFactory = _ => Defaults.Optimizer };
    public Option<string> Schedule { get; } = new("--schedule") { Description = "learning-rate schedule: none, cosine or step", DefaultValueFactory = _ => Defaults.Schedule };
    public Option<float> Momentum { get; } = new("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => Defaults.Momentum };
    public Option<float> WeightDecay { get; } = new("--weight-decay") { Description = "weight decay (decoupled for adamw)", DefaultValueFactory = _ => 0f };
    public Option<int> Hidden { get; } = new("--hidden") { Description = "width of the hidden layer", DefaultValueFactory = _ => Defaults.Hidden };
    public Option<int> Seed { get; } = new("--seed") { Description = "seed of the initial weights and the shuffling", DefaultValueFactory = _ => 0 };
    public Option<string> Data { get; } = new("--data") { Description = "'digits' (built in) or a directory of MNIST-style IDX files, e.g. /usr/share/datasets/fashion-mnist", DefaultValueFactory = _ => "digits" };
    public Option<string> Out { get; } = new("--out") { Description = "directory for the checkpoint (model.safetensors, optimizer.safetensors) and curve.png", DefaultValueFactory = _ => Path.Combine("runs", "train") };
    public Option<bool> Resume { get; } = new("--resume") { Description = "continue from the checkpoint in --out" };

    /// <summary>The whole command line (<c>train</c> a subcommand of the executable's root, so help shows <c>Autograd.Host train</c>).</summary>
    public RootCommand Command()
    {
        var command = new Command("train", "Trains an MLP classifier data-parallel on an Autograd cluster (embedded by default).")
        {
            Members, Connect, Epochs, BatchSize, LearningRate, Optimizer, Schedule, Momentum, WeightDecay, Hidden, Seed, Data, Out, Resume,
        };
        foreach (var option in Tls) command.Options.Add(option);
        Optimizer.AcceptOnlyFromAmong(TrainingOptions.Optimizers);
        Schedule.AcceptOnlyFromAmong(TrainingOptions.Schedules);
        Members.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--members must be at least 1"); });
        command.Validators.Add(r =>
        {
            if (r.GetResult(Connect) is not null && r.GetResult(Members) is not null)
                r.AddError("--members and --connect exclude each other: --connect trains on the members of a running cluster");
        });
        return new RootCommand { Subcommands = { command } };
    }

    /// <summary>The client's TLS settings: configuration sources under the switches given.</summary>
    public TlsSettings TlsSettings(ParseResult result) => TlsConfiguration.Read(Tls
        .Where(o => result.GetResult(o) is not null)
        .ToDictionary(o => $"{MemberOptions.Section}:{TlsConfiguration.Switches[o.Name]}", o => result.GetValue(o)));

    public TrainingOptions Options(ParseResult result) => new()
    {
        Epochs = result.GetValue(Epochs),
        BatchSize = result.GetValue(BatchSize),
        LearningRate = result.GetValue(LearningRate),
        Optimizer = result.GetValue(Optimizer)!,
        Schedule = result.GetValue(Schedule)!,
        Momentum = result.GetValue(Momentum),
        WeightDecay = result.GetValue(WeightDecay),
        Hidden = result.GetValue(Hidden),
        Seed = result.GetValue(Seed),
    };
}
