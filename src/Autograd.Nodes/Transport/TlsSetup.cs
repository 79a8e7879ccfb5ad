using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;

namespace Autograd.Transport;

/// <summary>
/// Turns <see cref="TlsSettings"/> into Akka.Remote's <see cref="DotNettySslSetup"/>: this
/// process's certificate, mutual authentication required, peers validated against the cluster CA
/// (<see cref="ClusterCertificateValidator"/>), host names not checked.
/// </summary>
public static class TlsSetup
{
    /// <summary>Loads the certificates; a missing file, a wrong password or a certificate without
    /// its private key fails here, at start, naming the setting.</summary>
    public static DotNettySslSetup Create(TlsSettings tls, string prefix)
    {
        tls.Validate(prefix);
        if (!tls.Enabled) throw new ArgumentException("TLS is off: there is no TLS setup to create", nameof(tls));
        var certificate = LoadCertificate(tls, prefix);
        var authorities = LoadAuthorities(tls.CaCertificatePath!, prefix);
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, ClusterCertificateValidator.Create(authorities));
    }

    private static X509Certificate2 LoadCertificate(TlsSettings tls, string prefix)
    {
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException(
                    $"{prefix}CertificatePath '{tls.CertificatePath}' could not be read as PKCS#12 with {prefix}CertificatePassword: {e.Message}", e);
            }
        }
        else
        {
            using var store = new X509Store(tls.CertificateStore, tls.CertificateStoreLocation);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, tls.CertificateThumbprint!, validOnly: false);
            certificate = found.Count > 0
                ? found[0]
                : throw new ArgumentException(
                    $"no certificate with {prefix}CertificateThumbprint {tls.CertificateThumbprint} in the store " +
                    $"{tls.CertificateStoreLocation}/{tls.CertificateStore}");
        }
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"the certificate '{certificate.Subject}' of {prefix}Certificate* has no private key");
        return certificate;
    }

    private static X509Certificate2Collection LoadAuthorities(string path, string prefix)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{prefix}CaCertificatePath '{path}' could not be read as PEM certificates: {e.Message}", e);
        }
        return authorities.Count > 0
            ? authorities
            : throw new ArgumentException($"{prefix}CaCertificatePath '{path}' holds no certificate");
    }
}
