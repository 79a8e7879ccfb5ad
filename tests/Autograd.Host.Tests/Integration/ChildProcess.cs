using System.Diagnostics;

namespace Autograd.DeployScripts;

/// <summary>
/// A command run to its end with a deadline, for tests that drive the repository's scripts and tools
/// (bench/Autograd.Bench links this file too): past the deadline the whole process tree is killed and
/// the call fails saying which command it was, so nothing hangs.
/// </summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    /// <param name="what">How the command is named in errors (e.g. "local-cluster.sh start").</param>
    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> args, string what, TimeSpan deadline,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish within {deadline}");
        }
        return new Result(process.ExitCode, await output, await errors);
    }

    /// <summary>The directory holding Autograd.sln, above this assembly's.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Autograd.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Autograd.sln above {AppContext.BaseDirectory}");
    }
}
