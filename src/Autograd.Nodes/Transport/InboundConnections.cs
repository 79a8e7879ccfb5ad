using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Autograd.Access;

namespace Autograd.Transport;

/// <summary>
/// The inbound connections of one ActorSystem, at most <see cref="Max"/> at once
/// (<c>autograd.limits.connections</c>, rendered from <see cref="TransportSettings.MaxConnections"/>).
/// <see cref="ConnectionLimitAdapter"/> takes a slot here for every connection accepted and gives it
/// back when the connection closes. One per system (an Akka extension), so the count can be read.
/// </summary>
public sealed class InboundConnections : IExtension
{
    public const string MaxPath = "autograd.limits.connections";

    private readonly RefusalLog _refusals;
    private int _open;

    public InboundConnections(int max, RefusalLog refusals)
    {
        if (max < 1) throw new ConfigurationException($"{MaxPath} must be at least 1, got {max}");
        Max = max;
        _refusals = refusals;
    }

    public int Max { get; }

    /// <summary>Inbound connections holding a slot now, authenticated or still in their handshakes.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Connections refused so far because every slot was taken.</summary>
    public long Refused => _refusals.Refused;

    public static InboundConnections Get(ActorSystem system) => system.WithExtension<InboundConnections, InboundConnectionsProvider>();

    /// <summary>Takes a slot for a connection from <paramref name="remote"/> (its socket's address), or
    /// counts and logs a refusal when every slot is taken.</summary>
    public bool TryOpen(Address remote)
    {
        while (true)
        {
            var open = Volatile.Read(ref _open);
            if (open >= Max)
            {
                // Keyed by host, not by socket: each connection comes from a new port, and a flood should cost one line per host per interval.
                var host = HostOf(remote);
                _refusals.Refuse(new Address(remote.Protocol, remote.System, host), $"{host}:{remote.Port}", "a connection",
                    $"{open} connections are open, the maximum ({MaxPath})");
                return false;
            }
            if (Interlocked.CompareExchange(ref _open, open + 1, open) == open) return true;
        }
    }

    /// <summary>The peer's IP as people write it: the transport listens on a dual-stack socket, which
    /// sees an IPv4 peer as [::ffff:10.0.0.5].</summary>
    private static string? HostOf(Address remote) =>
        IPAddress.TryParse(remote.Host?.Trim('[', ']'), out var ip) && ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : remote.Host;

    /// <summary>Gives back the slot of a connection that closed.</summary>
    public void Close() => Interlocked.Decrement(ref _open);
}

public sealed class InboundConnectionsProvider : ExtensionIdProvider<InboundConnections>
{
    public override InboundConnections CreateExtension(ExtendedActorSystem system)
    {
        var config = system.Settings.Config;
        return new InboundConnections(
            config.GetInt(InboundConnections.MaxPath, TransportSettings.Default.MaxConnections),
            new RefusalLog(Logging.GetLogger(system, typeof(InboundConnections)),
                config.GetTimeSpan("autograd.limits.refusal-log-interval", TimeSpan.FromSeconds(10))));
    }
}
