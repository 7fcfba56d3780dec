using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PetitionOpinion.Hosting.Tests.Support;

/// <summary>Captures log events (category, id, level, message) of every logger.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(string Category, int Id, LogLevel Level, string Message)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Events);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, int, LogLevel, string)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => events.Enqueue((category, eventId.Id, logLevel, formatter(state, exception)));
    }
}
