using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Autograd.Transport;

namespace Autograd.Bench.Wire;

/// <summary>
/// Member processes started with deploy/local-cluster.sh (mutual TLS with its development
/// certificates) in a run directory of their own, so this process is only the client; stopped
/// and deleted on dispose.
/// </summary>
internal sealed class LocalClusterRun : IAsyncDisposable
{
    private readonly string _runDir = Directory.CreateTempSubdirectory("autograd-bench-cluster-").FullName;
    private readonly string _root;

    private LocalClusterRun(string root, int basePort)
    {
        _root = root;
        BasePort = basePort;
    }

    public int BasePort { get; }

    public string Contact => $"127.0.0.1:{BasePort}";

    public TlsSettings ClientTls => new()
    {
        CertificatePath = Path.Combine(_runDir, "certs", "client.pfx"),
        CertificatePassword = File.ReadAllText(Path.Combine(_runDir, "certs", "password")).Trim(),
        CaCertificatePath = Path.Combine(_runDir, "certs", "ca.pem"),
    };

    public static async Task<LocalClusterRun> StartAsync(int members)
    {
        var root = RepositoryRoot();
        var run = new LocalClusterRun(root, FreePortRange(members));
        try
        {
            await run.ScriptAsync(TimeSpan.FromSeconds(180), "start", members.ToString(), run.BasePort.ToString());
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ScriptAsync(TimeSpan.FromSeconds(40), "stop");
        }
        finally
        {
            Directory.Delete(_runDir, recursive: true);
        }
    }

    private async Task ScriptAsync(TimeSpan deadline, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(_root, "deploy", "local-cluster.sh"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["AUTOGRAD_RUN_DIR"] = _runDir;
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
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await errors}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Autograd.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Autograd.sln above {AppContext.BaseDirectory}");
    }

    private static int FreePortRange(int count)
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
