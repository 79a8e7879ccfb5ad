using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Autograd.Transport;

/// <summary>
/// Accepts a peer (member or client, inbound or outbound) only if its certificate chains to one
/// of the cluster's own CAs. The system trust store plays no part: a certificate from any public
/// CA is refused. Host names are not checked (see docs/operations.md): members are reached by IP
/// address, container or pod names, clients by whatever address they bind, and inbound client
/// certificates cannot be matched to a host name at all; the private CA issuing only cluster
/// certificates is what authenticates a peer.
/// </summary>
public static class ClusterCertificateValidator
{
    public static CertificateValidationCallback Create(X509Certificate2Collection authorities)
    {
        if (authorities.Count == 0) throw new ArgumentException("no CA certificate to validate peers against", nameof(authorities));
        return (certificate, chain, peer, _, log) =>
        {
            if (certificate is null)
            {
                log.Warning("TLS: refused {0}: it presented no certificate", peer);
                return false;
            }
            var problem = Problem(certificate, chain, authorities);
            if (problem is null) return true;
            log.Warning("TLS: refused {0}: certificate '{1}' {2}", peer, certificate.Subject, problem);
            return false;
        };
    }

    /// <summary>Why <paramref name="certificate"/> is not a cluster certificate, or null when it is.</summary>
    internal static string? Problem(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA publishes no revocation lists: a compromised certificate is retired by
        // rotating the CA (docs/operations.md), not by CRL or OCSP.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent along; they still have to chain to one of our CAs.
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (chain.Build(certificate)) return null;
        return "does not chain to the cluster CA: " +
               string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
    }
}
