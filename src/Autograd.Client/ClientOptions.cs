using Autograd.Transport;
using Microsoft.Extensions.Logging;

namespace Autograd.Client;

/// <summary>How <see cref="AutogradEngine.ConnectAsync"/> reaches a running cluster.</summary>
public sealed record ClientOptions
{
    /// <summary>Members to ask for the cluster's compute members, tried in order: <c>host:port</c>
    /// (e.g. <c>127.0.0.1:4053</c>), or a full address with the cluster's scheme
    /// (<c>akka.ssl.tcp://autograd@127.0.0.1:4053</c>; <c>akka.tcp://</c> only with TLS off).</summary>
    public IReadOnlyList<string> ContactPoints { get; init; } = [];

    /// <summary>The address this client binds and members reply to; it must be reachable from every member.</summary>
    public string Hostname { get; init; } = TransportSettings.Default.Hostname;

    /// <summary>The client's port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Deadline of every wait: connecting, values, gradients, backward passes.</summary>
    public TimeSpan Timeout { get; init; } = TransportSettings.Default.Timeout;

    /// <summary>The client's certificate and the cluster CA: mutual TLS is on unless this is
    /// <see cref="TlsSettings.PlainText"/>, the explicit (and loudly logged) opt-out.</summary>
    public TlsSettings Tls { get; init; } = new();

    /// <summary>
    /// Where the client's actor system logs (Akka's log and the engine's own): null prints warnings and
    /// errors to the console; a factory takes everything its filters let through;
    /// <c>NullLoggerFactory.Instance</c> silences it. Disconnecting (disposing the engine) logs nothing above info.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The one source of the client's transport settings.</summary>
    internal TransportSettings Transport => TransportSettings.Default with
    {
        Hostname = Hostname,
        Port = Port,
        Tls = Tls,
        Timeout = Timeout,
    };
}
