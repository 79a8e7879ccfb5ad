using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Autograd.Client.Tests.Cluster;

/// <summary>An <see cref="ILoggerFactory"/> that keeps every entry (all levels), for tests of what an engine logs.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}" + (Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})");
    }

    private sealed class Logger(RecordingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
