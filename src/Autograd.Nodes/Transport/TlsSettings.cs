using System.Security.Cryptography.X509Certificates;

namespace Autograd.Transport;

/// <summary>
/// Mutual TLS between members and clients: this process's certificate (a PKCS#12 file and its
/// password, or a thumbprint in a certificate store) and the cluster's own CA, against which
/// every peer's certificate is checked. Bound from <c>Autograd:Tls</c> by the <c>member</c> and
/// <c>train</c> commands, and set as <c>ClientOptions.Tls</c> by library users.
/// </summary>
public sealed record TlsSettings
{
    /// <summary>The explicit opt-out: plain TCP, logged as a warning at start.</summary>
    public static readonly TlsSettings PlainText = new() { Enabled = false };

    /// <summary>On unless turned off explicitly; with it on, a certificate and a CA are required.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>A PKCS#12 (.pfx) file holding this process's certificate and its private key.</summary>
    public string? CertificatePath { get; init; }

    public string? CertificatePassword { get; init; }

    /// <summary>Instead of a file: the thumbprint of a certificate (with its private key) in
    /// <see cref="CertificateStore"/> of <see cref="CertificateStoreLocation"/>.</summary>
    public string? CertificateThumbprint { get; init; }

    public string CertificateStore { get; init; } = "My";

    public StoreLocation CertificateStoreLocation { get; init; } = StoreLocation.CurrentUser;

    /// <summary>PEM file of the CA certificates peers must chain to. Several may be listed in the
    /// one file: during a CA rotation, the old and the new CA are both trusted.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>
    /// Rejects a configuration that could not start, naming the settings to set. <paramref name="prefix"/>
    /// is how the caller spells them (<c>Autograd:Tls:</c> for configuration, <c>ClientOptions.Tls.</c> in code).
    /// </summary>
    public void Validate(string prefix)
    {
        if (!Enabled) return;
        var hasFile = !string.IsNullOrWhiteSpace(CertificatePath);
        var hasThumbprint = !string.IsNullOrWhiteSpace(CertificateThumbprint);
        if (!hasFile && !hasThumbprint || string.IsNullOrWhiteSpace(CaCertificatePath))
            throw new ArgumentException(
                "TLS is on but not configured: set " +
                $"{prefix}CertificatePath and {prefix}CertificatePassword (a PKCS#12 file), or {prefix}CertificateThumbprint " +
                $"(a certificate in the store {prefix}CertificateStore), and {prefix}CaCertificatePath (the cluster CA, PEM). " +
                $"'Autograd.Host dev-certs' writes a development set. To run without TLS, say so: {prefix}Enabled = false.");
        if (hasFile && hasThumbprint)
            throw new ArgumentException($"set either {prefix}CertificatePath or {prefix}CertificateThumbprint, not both");
    }
}
