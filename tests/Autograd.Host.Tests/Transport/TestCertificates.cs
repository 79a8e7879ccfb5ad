using System.Security.Cryptography.X509Certificates;
using Autograd.Host.DevCerts;
using Autograd.Transport;

namespace Autograd.Host.Tests.Transport;

/// <summary>
/// Certificates for tests, written once per test run by the <c>dev-certs</c> command into a temporary
/// directory: the cluster's CA with member and client certificates, and a second, foreign CA with a
/// client certificate of its own.
/// </summary>
internal static class TestCertificates
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("autograd-certs-").FullName;
        // Keys do not outlive the test run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(dir, recursive: true);
        Run(Path.Combine(dir, "cluster"));
        Run(Path.Combine(dir, "foreign"));
        return dir;
    });

    private const string Password = "test-password";

    private static void Run(string dir)
    {
        // On the thread pool: blocking on it from a test thread could wait for that thread.
        var code = Task.Run(() => DevCertsCommand.RunAsync(["--out", dir, "--members", "3", "--password", Password], TextWriter.Null)).GetAwaiter().GetResult();
        if (code != 0) throw new InvalidOperationException($"dev-certs exited {code}");
    }

    public static string ClusterDirectory => Path.Combine(Directory.Value, "cluster");

    public static string CaFile => Path.Combine(ClusterDirectory, DevCertsCommand.CaFile);

    public static string MemberFile(int i) => Path.Combine(ClusterDirectory, DevCertsCommand.MemberFile($"member-{i}"));

    /// <summary>The member command's switches for member <paramref name="i"/>'s certificate.</summary>
    public static string[] MemberArguments(int i) =>
        ["--certificate", MemberFile(i), "--certificate-password", Password, "--ca", CaFile];

    /// <summary>A client of the cluster's CA.</summary>
    public static TlsSettings Client => new()
    {
        CertificatePath = Path.Combine(ClusterDirectory, DevCertsCommand.ClientFile),
        CertificatePassword = Password,
        CaCertificatePath = CaFile,
    };

    /// <summary>A client whose certificate comes from another CA, though it trusts the cluster's CA.</summary>
    public static TlsSettings Foreign => Client with
    {
        CertificatePath = Path.Combine(Directory.Value, "foreign", DevCertsCommand.ClientFile),
    };

    public static X509Certificate2Collection ClusterAuthority()
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(CaFile);
        return authorities;
    }
}
