using Autograd.Client;
using Autograd.Transport;

namespace Autograd.AppBench;

/// <summary>
/// The remote client's options: the contact point from the command line, mutual TLS from the
/// AUTOGRAD__TLS__* environment variables that `deploy/local-cluster.sh client-env` prints (the names
/// Autograd.Host binds; the library itself reads no configuration, so an application maps them itself).
/// </summary>
internal static class ClientSettings
{
    public static ClientOptions FromEnvironment(string contactPoint)
    {
        static string? Read(string name) => Environment.GetEnvironmentVariable($"AUTOGRAD__TLS__{name}");
        var tls = string.Equals(Read("ENABLED"), "false", StringComparison.OrdinalIgnoreCase)
            ? TlsSettings.PlainText
            : new TlsSettings
            {
                CertificatePath = Read("CERTIFICATEPATH"),
                CertificatePassword = Read("CERTIFICATEPASSWORD"),
                CaCertificatePath = Read("CACERTIFICATEPATH"),
            };
        return new ClientOptions { ContactPoints = [contactPoint], Tls = tls };
    }
}
