using System.Diagnostics;
using Autograd.DeployScripts;
using Autograd.Host.DevCerts;
using Autograd.Transport;

namespace Autograd.Host.Tests.Integration;

/// <summary>
/// Member processes started and stopped with deploy/local-cluster.sh, running the Host dll this
/// test project was built with (it sits beside the test assembly), with mutual TLS from the
/// development certificates the script writes into its run directory, each under the script's
/// supervisor (a member that dies is started again). Dispose always stops them.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _runDir = Directory.CreateTempSubdirectory("autograd-cluster-").FullName;
    private readonly Dictionary<string, string> _environment;

    private LocalCluster(int basePort, int members, TimeSpan downAfter)
    {
        BasePort = basePort;
        Members = members;
        _environment = new()
        {
            ["AUTOGRAD_RUN_DIR"] = _runDir,
            ["AUTOGRAD_HOST_DLL"] = Path.Combine(AppContext.BaseDirectory, "Autograd.Host.dll"),
            ["AUTOGRAD_START_TIMEOUT"] = "60",
            ["AUTOGRAD_STOP_TIMEOUT"] = "10",
            // Read by every member (standard .NET configuration binding): quick downing of a killed member.
            ["AUTOGRAD__DOWNUNREACHABLEAFTER"] = downAfter.ToString(),
        };
    }

    public int BasePort { get; }
    public int Members { get; }

    /// <summary>A member's contact point, host:port: the client's TLS settings give the scheme.</summary>
    public string AddressOf(int member) => $"127.0.0.1:{BasePort + member}";

    /// <summary>The client certificate the script's first start wrote (dev-certs) into its run directory.</summary>
    public TlsSettings ClientTls
    {
        get
        {
            var certs = Path.Combine(_runDir, "certs");
            return new TlsSettings
            {
                CertificatePath = Path.Combine(certs, DevCertsCommand.ClientFile),
                CertificatePassword = File.ReadAllText(Path.Combine(certs, DevCertsCommand.PasswordFile)),
                CaCertificatePath = Path.Combine(certs, DevCertsCommand.CaFile),
            };
        }
    }

    public static async Task<LocalCluster> StartAsync(int members, TimeSpan downAfter)
    {
        var cluster = new LocalCluster(LocalClusterScript.FreePortRange(members), members, downAfter);
        try
        {
            await cluster.RunScriptAsync(TimeSpan.FromSeconds(90), "start", members.ToString(), cluster.BasePort.ToString());
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the member gets no chance to leave, as in a crash.</summary>
    public void Kill(int member)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(_runDir, $"member-{member}.pid")).Trim());
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary>The member's log (all its runs: the supervisor appends a restarted member's log).</summary>
    public string Log(int member)
    {
        // The member is writing it: open it shared.
        using var stream = new FileStream(Path.Combine(_runDir, $"member-{member}.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The last <paramref name="lines"/> lines of every member's log, for a failure's message.</summary>
    public string LogTails(int lines) => string.Concat(Enumerable.Range(0, Members).Select(i =>
        $"\n--- member {i}:\n" + string.Join("\n", Log(i).Split('\n').TakeLast(lines))));

    /// <summary>How many times the supervisor has started the member again.</summary>
    public int Restarts(int member)
    {
        var file = Path.Combine(_runDir, $"member-{member}.restarts");
        return File.Exists(file) ? int.Parse(File.ReadAllText(file).Trim()) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunScriptAsync(TimeSpan.FromSeconds(40), "stop");
        }
        finally
        {
            Directory.Delete(_runDir, recursive: true);
        }
    }

    private Task RunScriptAsync(TimeSpan deadline, params string[] args) => LocalClusterScript.RunAsync(_environment, deadline, args);
}
