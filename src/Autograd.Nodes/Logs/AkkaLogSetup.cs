using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using AkkaLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Autograd.Logs;

/// <summary>
/// Where an actor system of the engine logs (<see cref="AkkaLogger"/>): into <paramref name="Factory"/>,
/// or, when it is null, warnings and errors to the console. <c>NullLoggerFactory.Instance</c> silences it.
/// Add it to the system's <c>ActorSystemSetup</c> beside <see cref="Config"/>.
/// </summary>
public sealed class AkkaLogSetup(ILoggerFactory? factory) : Setup
{
    public ILoggerFactory? Factory { get; } = factory;

    /// <summary>
    /// <c>akka.loggers</c> set to <see cref="AkkaLogger"/>, and <c>akka.loglevel</c> to the lowest level
    /// the factory takes for Akka's or the engine's categories (Akka drops lower events before any
    /// logger sees them), <c>OFF</c> when it takes none; warning without a factory.
    /// </summary>
    public Config Config()
    {
        var level = Factory is null ? "WARNING" : LowestEnabled(Factory);
        // Before the loggers start and after they stop, Akka prints to stdout itself: only without a factory.
        var stdout = Factory is null ? "WARNING" : "OFF";
        return ConfigurationFactory.ParseString($$"""
            akka.loggers = ["{{typeof(AkkaLogger).FullName}}, {{typeof(AkkaLogger).Assembly.GetName().Name}}"]
            akka.loglevel = {{level}}
            akka.stdout-loglevel = {{stdout}}
            """);
    }

    private static string LowestEnabled(ILoggerFactory factory)
    {
        ILogger[] loggers = [factory.CreateLogger("Akka"), factory.CreateLogger("Autograd")];
        foreach (var akka in new[] { AkkaLevel.DebugLevel, AkkaLevel.InfoLevel, AkkaLevel.WarningLevel, AkkaLevel.ErrorLevel })
        {
            var level = AkkaLogger.ToMicrosoft(akka);
            if (loggers.Any(l => l.IsEnabled(level)))
                return akka switch
                {
                    AkkaLevel.DebugLevel => "DEBUG",
                    AkkaLevel.InfoLevel => "INFO",
                    AkkaLevel.WarningLevel => "WARNING",
                    _ => "ERROR",
                };
        }
        return "OFF";
    }
}
