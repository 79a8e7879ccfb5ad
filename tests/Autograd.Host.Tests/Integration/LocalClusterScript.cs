using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Autograd.DeployScripts;

/// <summary>
/// Runs deploy/local-cluster.sh with a deadline, for the multi-process tests and the wire benchmark's
/// probe (bench/Autograd.Bench links this file), and finds a free block of ports for its members.
/// </summary>
internal static class LocalClusterScript
{
    public static async Task RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan deadline, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "deploy", "local-cluster.sh"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
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
            throw new TimeoutException($"local-cluster.sh {string.Join(' ', args)} did not finish within {deadline}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"local-cluster.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await errors}");
    }

    /// <summary>A base port with <paramref name="count"/> consecutive free ports after it.</summary>
    public static int FreePortRange(int count)
    {
        var random = new Random();
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int basePort = random.Next(20000, 40000);
            if (Enumerable.Range(basePort, count).All(IsFree)) return basePort;
        }
        throw new InvalidOperationException($"found no {count} consecutive free ports");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Autograd.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Autograd.sln above {AppContext.BaseDirectory}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
