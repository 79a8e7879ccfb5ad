using Autograd.DeployScripts;
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
    private LocalClusterRun(int basePort) => BasePort = basePort;

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
        var run = new LocalClusterRun(LocalClusterScript.FreePortRange(members));
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

    private Task ScriptAsync(TimeSpan deadline, params string[] args) =>
        LocalClusterScript.RunAsync(new Dictionary<string, string> { ["AUTOGRAD_RUN_DIR"] = _runDir }, deadline, args);
}
