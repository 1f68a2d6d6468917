using Microsoft.Extensions.Logging;

namespace OrchestratorConsole.Core.Features.Logs;

/// <summary>Feeds <see cref="NodeLog"/> from the standard logging pipeline.</summary>
[ProviderAlias("NodeLog")]
public sealed class NodeLogProvider(NodeLog log, TimeProvider time) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new NodeLogger(log, time, categoryName);

    public void Dispose()
    {
    }

    private sealed class NodeLogger(NodeLog log, TimeProvider time, string category) : ILogger
    {
        private readonly bool _framework = NodeLog.IsFramework(category);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => log.IsEnabled(logLevel, _framework);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var line = $"{time.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff}Z {Level(logLevel)} [{category}] {message}";
            if (exception is not null)
            {
                line += $" ({exception.GetType().Name}: {exception.Message})";
            }

            log.Write(line);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Critical => "FATAL",
            LogLevel.Error => "ERROR",
            LogLevel.Warning => "WARN ",
            LogLevel.Information => "INFO ",
            LogLevel.Debug => "DEBUG",
            _ => "TRACE",
        };
    }
}
