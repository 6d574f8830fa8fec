using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RethinkDb.Extensions.Hosting.Tests.Infrastructure;

/// <summary>Keeps every log entry of every category and level: the message, the state's values and the exception.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyCollection<Entry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Everything that was logged, as one text to search: messages, state values, exceptions with inner ones.</summary>
    public string AllText() => string.Join(Environment.NewLine, _entries.Select(e => e.ToString()));

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, string State, string? Exception)
    {
        public override string ToString() => $"{Category} {Level} {EventId.Id} {Message} | {State} | {Exception}";
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString() ?? "";
            provider._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
