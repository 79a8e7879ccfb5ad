using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Autograd.Host.DevCerts;

/// <summary>
/// A development certificate authority and the certificates it signs, made with .NET's own
/// <see cref="CertificateRequest"/> (no openssl): ECDSA P-256 keys, every leaf valid for both
/// TLS server and client authentication (a member is both; Akka.Remote connects both ways).
/// </summary>
public static class DevCertificates
{
    /// <summary>How long development certificates last.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now + Lifetime);
    }

    /// <summary>A certificate for <paramref name="name"/> signed by <paramref name="authority"/> (which
    /// must hold its private key), with the private key, valid for the given host names and addresses.</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name, IEnumerable<string> hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));   // server and client authentication
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        // Host names are not checked by the cluster (docs/operations.md); they are here for tools that do.
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts.Distinct())
        {
            if (IPAddress.TryParse(host, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + Lifetime < authority.NotAfter ? now + Lifetime : authority.NotAfter;
        using var issued = request.Create(authority, now.AddDays(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>PKCS#12 with the key encrypted by <paramref name="password"/> (AES-256).</summary>
    public static byte[] ToPkcs12(X509Certificate2 certificate, string password) =>
        certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
}
