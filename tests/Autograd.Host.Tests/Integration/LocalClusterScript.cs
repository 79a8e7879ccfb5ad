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
        var what = $"local-cluster.sh {string.Join(' ', args)}";
        var run = await ChildProcess.RunAsync("bash", [Path.Combine(ChildProcess.RepositoryRoot(), "deploy", "local-cluster.sh"), .. args],
            what, deadline, environment);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{what} exited {run.ExitCode}:\n{run.Output}\n{run.Errors}");
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
