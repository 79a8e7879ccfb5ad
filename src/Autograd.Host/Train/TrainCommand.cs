using System.CommandLine;
using Autograd.Client;
using Autograd.Client.Data;
using Autograd.Client.Training;

namespace Autograd.Host.Train;

/// <summary>
/// <c>train</c>, the project's main job: an MLP classifier trained data-parallel on a cluster (an
/// embedded three-member one by default, or a running one with <c>--connect</c>), with live progress,
/// a checkpoint after every epoch, the loss and accuracy curve as a PNG, and a closing
/// <c>test accuracy: NN.N%</c> line. Bad options exit with code 2.
/// </summary>
public static class TrainCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var arguments = new TrainArguments();
        var result = arguments.Command().Parse(["train", .. args]);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) await Console.Error.WriteLineAsync($"train: {error.Message}");
            await Console.Error.WriteLineAsync("train: see 'train --help'");
            return 2;
        }
        if (result.Action is not null) return await result.InvokeAsync();   // --help: the command itself has no action
        var options = arguments.Options(result);
        if (options.Problems() is { Count: > 0 } problems)
        {
            foreach (var problem in problems) await Console.Error.WriteLineAsync($"train: {problem}");
            return 2;
        }
        (Dataset Train, Dataset Test) data;
        try
        {
            data = LoadData(result.GetValue(arguments.Data)!);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"train: --data: {e.Message}");
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;   // finish cleanly: the last completed epoch is already checkpointed
            cancel.Cancel();
        };
        var run = new TrainingRun(options, data.Train, data.Test, result.GetValue(arguments.Out)!, result.GetValue(arguments.Resume), output);
        var contactPoints = result.GetValue(arguments.Connect) ?? [];
        Task<AutogradEngine> connect;
        try
        {
            // Settings are checked before anything starts: a bad contact point or TLS setting exits 2.
            connect = contactPoints.Length > 0
                ? AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = contactPoints, Tls = arguments.TlsSettings(result) })
                : AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = result.GetValue(arguments.Members) });
            if (connect.IsFaulted) await connect;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"train: --connect: {e.Message}");
            return 2;
        }
        try
        {
            await using var engine = await connect;
            return await run.RunAsync(engine, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync("train: interrupted; the checkpoint holds the last completed epoch (continue with --resume)");
            return 130;
        }
        catch (Exception e) when (e is AutogradException or TimeoutException or FileNotFoundException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"train: {e.Message}");
            return 1;
        }
    }

    private static (Dataset Train, Dataset Test) LoadData(string data) =>
        data == "digits" ? Digits.TrainTestSplit()
        : Directory.Exists(data) ? Idx.LoadDataset(data)
        : throw new DirectoryNotFoundException($"'{data}' is neither 'digits' nor a directory of IDX files");
}
