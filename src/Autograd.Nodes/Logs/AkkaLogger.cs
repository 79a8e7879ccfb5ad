using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Autograd.Logs;

/// <summary>
/// The logger (<c>akka.loggers</c>) of every actor system of the engine, member, client or embedded:
/// Akka's log and the engine's own (which goes through Akka's) into the <see cref="ILoggerFactory"/>
/// of the system's <see cref="AkkaLogSetup"/>, one category per logging class (<c>Akka.Remote.EndpointWriter</c>,
/// <c>Autograd.Cluster.ClientWatcher</c>), or, without a factory, warnings and errors to the console as
/// Akka's own logger prints them. Either way an expected event (<see cref="ExpectedLogEvents"/>) is info.
/// </summary>
public sealed class AkkaLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly Dictionary<Type, ILogger> _loggers = new();
    private ILoggerFactory? _factory;

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                var setup = Context.System.Settings.Setup.Get<AkkaLogSetup>();
                _factory = setup.HasValue ? setup.Value.Factory : null;
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                Write(e);
                return true;
            default:
                return false;
        }
    }

    private void Write(LogEvent e)
    {
        var level = ExpectedLogEvents.LevelOf(e);
        if (_factory is null)
        {
            // As Akka's default logger prints them; expected events are below its warning level.
            if (level >= AkkaLevel.WarningLevel) Console.WriteLine(e.ToString());
            return;
        }
        var logger = LoggerFor(e.LogClass);
        var to = ToMicrosoft(level);
        if (!logger.IsEnabled(to)) return;
        var cause = ExpectedLogEvents.IsExpected(e) ? null : e.Cause;
        logger.Log(to, default, new Entry(e.LogSource, ExpectedLogEvents.Text(e)), cause, static (entry, _) => entry.ToString());
    }

    private ILogger LoggerFor(Type? type)
    {
        type ??= typeof(ActorSystem);
        if (!_loggers.TryGetValue(type, out var logger))
            _loggers.Add(type, logger = _factory!.CreateLogger(Category(type)));
        return logger;
    }

    /// <summary>The logging class's name; Akka's logs with a name for source (<c>remoting</c>, <c>Cluster</c>) under <c>Akka</c>.</summary>
    private static string Category(Type type) =>
        type.Name == "DummyClassForStringSources" ? "Akka" : type.FullName ?? type.Name;

    internal static LogLevel ToMicrosoft(AkkaLevel level) => level switch
    {
        AkkaLevel.DebugLevel => LogLevel.Debug,
        AkkaLevel.InfoLevel => LogLevel.Information,
        AkkaLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    /// <summary>One line: where it was logged (an actor's path, or a name such as <c>remoting</c>) and what.</summary>
    private readonly record struct Entry(string Source, string Text)
    {
        public override string ToString() => $"[{Source}] {Text}";
    }
}
