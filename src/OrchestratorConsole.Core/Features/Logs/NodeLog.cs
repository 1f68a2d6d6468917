using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OrchestratorConsole.Core.Features.Logs;

/// <summary>
/// The node's own log: the recent lines in memory (for the Log tab, the API and the support bundle) and a daily
/// file under the data directory. Its level is the <c>log</c> section's, applied live.
/// </summary>
public sealed class NodeLog : IDisposable
{
    public const int Capacity = 5000;

    private readonly ConcurrentQueue<string> _recent = new();
    private readonly Channel<string> _toFile = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Task _writer;
    private readonly TimeProvider _time;
    private string? _directory;

    /// <param name="time">The clock that names the daily files (UTC dates); the system's by default.</param>
    public NodeLog(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _writer = Task.Run(WriteFilesAsync);
    }

    /// <summary>The lowest level written; <see cref="LogLevel.None"/> writes nothing.</summary>
    public LogLevel MinimumLevel { get; private set; } = LogLevel.Information;

    /// <summary>Where the daily files go; set once the data directory is known.</summary>
    public void UseDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        _directory = directory;
    }

    /// <summary>Applies a level name of the <c>log</c> section (FATAL, ERROR, WARN, INFO, DEBUG, ALL, OFF).</summary>
    public void ApplyLevel(string level) => MinimumLevel = level switch
    {
        "FATAL" => LogLevel.Critical,
        "ERROR" => LogLevel.Error,
        "WARN" => LogLevel.Warning,
        "INFO" => LogLevel.Information,
        "DEBUG" => LogLevel.Debug,
        "ALL" => LogLevel.Trace,
        "OFF" => LogLevel.None,
        _ => LogLevel.Information,
    };

    public IReadOnlyList<string> Recent(int lines)
    {
        var all = _recent.ToArray();
        return all.Length <= lines ? all : all[^lines..];
    }

    internal void Write(string line)
    {
        _recent.Enqueue(line);
        while (_recent.Count > Capacity && _recent.TryDequeue(out _))
        {
        }

        _toFile.Writer.TryWrite(line);
    }

    private async Task WriteFilesAsync()
    {
        await foreach (var line in _toFile.Reader.ReadAllAsync())
        {
            if (_directory is null)
            {
                continue;
            }

            var path = Path.Combine(_directory, $"console-{_time.GetUtcNow():yyyyMMdd}.log");
            try
            {
                await File.AppendAllTextAsync(path, line + Environment.NewLine, Encoding.UTF8);
            }
            catch (IOException)
            {
                // A full disk must not stop the node; the line stays in memory.
            }
        }
    }

    public void Dispose()
    {
        _toFile.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(2));
    }
}
