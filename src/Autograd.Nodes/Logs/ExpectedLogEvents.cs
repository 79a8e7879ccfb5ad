using Akka.Event;

namespace Autograd.Logs;

/// <summary>
/// Akka's log lines that report a normal event at warning or error level, and the level they get
/// instead (info): each is a peer closing its connection, which is what a client disconnecting, a
/// member leaving and an engine being disposed all look like to the systems that stay. What matters
/// about a peer that went away is logged once, by the engine, at the level it deserves (a member
/// unreachable, a client's sessions freed, a call failed naming the member); these lines add only a
/// stack trace. Pure, so it is tested without an actor system.
/// </summary>
public static class ExpectedLogEvents
{
    /// <summary>The level <paramref name="e"/> is logged at: its own, or info for an expected event.</summary>
    public static LogLevel LevelOf(LogEvent e) => IsExpected(e) ? LogLevel.InfoLevel : e.LogLevel();

    /// <summary>True when <paramref name="e"/> is one of the expected events, logged at info without its stack trace.</summary>
    public static bool IsExpected(LogEvent e) => e.LogLevel() >= LogLevel.WarningLevel && (
        // The peer closed the TCP connection without Akka's goodbye (it is shutting down, or its process
        // ended): the endpoint writer stops with this exception and its supervisor logs the failure as
        // an error (src/core/Akka.Remote/Endpoint.cs, EndpointWriter.Unhandled(Terminated)) ...
        IsDisassociated(e.Cause) ||
        // ... and, as a warning, that the address is gated (ReliableDeliverySupervisor's strategy).
        (Format(e).StartsWith("Association with remote system", StringComparison.Ordinal) && Arguments(e).Any(IsDisassociated)) ||
        // Remoting stopped before every peer acknowledged what was sent last (EndpointManager, on
        // shutdown): a system being shut down with peers that are shutting down too, or gone.
        Format(e).StartsWith("Shutdown finished, but flushing might not have been successful", StringComparison.Ordinal));

    /// <summary>The text of <paramref name="e"/>: an expected event without the stack traces of its arguments.</summary>
    public static string Text(LogEvent e)
    {
        if (!IsExpected(e) || e.Message is not LogMessage message) return e.Message?.ToString() ?? "";
        var arguments = message.Parameters().Select(a => a is Exception ex ? ex.GetType().Name + ": " + ex.Message : a).ToArray();
        try
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, message.Format, arguments);
        }
        catch (FormatException)
        {
            return message.Format;
        }
    }

    private static bool IsDisassociated(object? value) =>
        value is Exception ex && ex.GetType().FullName == "Akka.Remote.EndpointDisassociatedException";

    private static string Format(LogEvent e) => e.Message switch
    {
        LogMessage m => m.Format,
        string s => s,
        _ => "",
    };

    private static IEnumerable<object> Arguments(LogEvent e) => e.Message is LogMessage m ? m.Parameters() : [];
}
