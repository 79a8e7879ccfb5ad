using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Autograd.Wire;

/// <summary>
/// The streams of bulk connections: plain TCP when the system's remoting is plain, else TLS with
/// the same certificate and the same peer validation as Akka.Remote's connections (the
/// <see cref="DotNettySslSetup"/> that <c>TransportSettings.Setup</c> adds to the system: this
/// process's certificate, mutual authentication, the cluster-CA validator). Both ends present their
/// certificate; a peer whose certificate the validator refuses gets no stream.
/// </summary>
internal sealed class BulkStreams
{
    private readonly DotNettySslSetup? _tls;
    private readonly ILoggingAdapter _log;

    private BulkStreams(DotNettySslSetup? tls, ILoggingAdapter log)
    {
        _tls = tls;
        _log = log;
    }

    public bool Tls => _tls is not null;

    /// <summary>
    /// TLS exactly when the system's remoting has it (<c>enable-ssl</c>). With TLS on, the certificate
    /// must come as a setup, as every member and client here gives it; one configured only in HOCON is refused.
    /// </summary>
    public static BulkStreams For(ExtendedActorSystem system, ILoggingAdapter log)
    {
        if (!system.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false))
            return new BulkStreams(null, log);
        var setup = system.Settings.Setup.Get<DotNettySslSetup>();
        if (!setup.HasValue)
            throw new Akka.Configuration.ConfigurationException(
                "TLS is on, but the bulk data path takes its certificate from a DotNettySslSetup (TransportSettings.Setup) and the system has none");
        return new BulkStreams(setup.Value, log);
    }

    /// <summary>Test hook: these settings without an actor system.</summary>
    internal static BulkStreams Of(DotNettySslSetup? tls, ILoggingAdapter log) => new(tls, log);

    /// <summary>The receiving side: this system connects to a sender's bulk port.</summary>
    public Task<Stream> ClientAsync(TcpClient client, string host, CancellationToken cancel) =>
        SecureAsync(client, ssl => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificates = new X509CertificateCollection { _tls!.Certificate },
            // Present our certificate whatever CA list the server sends.
            LocalCertificateSelectionCallback = (_, _, _, _, _) => _tls.Certificate,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors, host),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = SslProtocols.None,
        }, cancel));

    /// <summary>The sending side: a receiver connected to this system's bulk port.</summary>
    public Task<Stream> ServerAsync(TcpClient client, string peer, CancellationToken cancel) =>
        SecureAsync(client, ssl => ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = _tls!.Certificate,
            ClientCertificateRequired = _tls.RequireMutualAuthentication,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors, peer),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = SslProtocols.None,
        }, cancel));

    /// <summary>The connection's stream, plain or (with TLS) authenticated by <paramref name="authenticate"/>.</summary>
    private async Task<Stream> SecureAsync(TcpClient client, Func<SslStream, Task> authenticate)
    {
        var network = client.GetStream();
        if (_tls is null) return network;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await authenticate(ssl);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    private bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, string peer)
    {
        var tls = _tls!;
        if (certificate is null)
        {
            if (!tls.RequireMutualAuthentication) return true;
            _log.Warning("bulk TLS: refused {0}: it presented no certificate", peer);
            return false;
        }
        if (tls.SuppressValidation) return true;
        var certificate2 = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (tls.CustomValidator is { } validator) return validator(certificate2, chain, peer, errors, _log);
        if (!tls.ValidateCertificateHostname) errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        return errors == SslPolicyErrors.None;
    }
}
