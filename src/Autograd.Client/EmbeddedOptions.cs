using Microsoft.Extensions.Logging;

namespace Autograd.Client;

/// <summary>How <see cref="AutogradEngine.StartEmbeddedAsync"/> builds its in-process engine.</summary>
public sealed record EmbeddedOptions
{
    /// <summary>Members (node hosts) to run in this process.</summary>
    public int Members { get; init; } = 1;

    /// <summary>Deadline of every wait: values, gradients, backward passes, node definitions.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Round-trip every message through the wire serializer even in-process, proving it could
    /// cross members (tests turn it on; it costs time, so it is off by default). It brings back Akka's
    /// JSON serializer for Akka's own local messages (see <see cref="AutogradConfig.SerializeAllMessages"/>):
    /// a test mode, not for an engine others can reach.
    /// </summary>
    public bool SerializeMessages { get; init; }

    /// <summary>
    /// Where the engine's actor systems log (Akka's log and the engine's own): null prints warnings and
    /// errors to the console; a factory takes everything its filters let through, under one category per
    /// logging class (<c>Akka.Remote.EndpointWriter</c>, <c>Autograd.Cluster.ClientWatcher</c>);
    /// <c>NullLoggerFactory.Instance</c> silences them. Normal events (a member leaving, the engine
    /// being disposed) log nothing above info.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
