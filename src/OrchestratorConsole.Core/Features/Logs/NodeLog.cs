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

    /// <summary>
    /// Whether a line is written. The framework's own lines (a line per request, per endpoint, per EF command) are
    /// written at INFO only from WARN up: they come with DEBUG and ALL, where an administrator asked for detail.
    /// </summary>
    public bool IsEnabled(LogLevel level, bool framework) =>
        level != LogLevel.None && level >= MinimumLevel && (!framework || level >= LogLevel.Warning || MinimumLevel <= LogLevel.Debug);

    /// <summary>A category of the framework's (ASP.NET Core, EF Core, HTTP clients) rather than the console's; the host's start and stop lines are the console's.</summary>
    public static bool IsFramework(string category) =>
        (category.StartsWith("Microsoft.", StringComparison.Ordinal) || category.StartsWith("System.", StringComparison.Ordinal) || category.StartsWith("Polly", StringComparison.Ordinal))
        && !category.StartsWith("Microsoft.Hosting.Lifetime", StringComparison.Ordinal);

    /// <summary>Where the daily files go; set once the data directory is known.</summary>
    public void UseDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        _directory = directory;
    }

    /// <summary>Applies a level name of the <c>log</c> section (FATAL, ERROR, WARN, INFO, DEBUG, ALL, OFF).</summary>
    public void ApplyLevel(string level) => MinimumLevel = LevelOf(level);

    /// <summary>
    /// The newest lines first, at most <paramref name="lines"/>, of those at <paramref name="atLeast"/> or above (a
    /// level name of the <c>log</c> section; null for all) that contain <paramref name="text"/> (any case; null for all).
    /// </summary>
    public IReadOnlyList<string> Newest(int lines, string? atLeast = null, string? text = null)
    {
        var floor = atLeast is null ? LogLevel.Trace : LevelOf(atLeast);
        return [.. _recent.ToArray().Reverse()
            .Where(l => LevelOfLine(l) >= floor && (string.IsNullOrEmpty(text) || l.Contains(text, StringComparison.OrdinalIgnoreCase)))
            .Take(lines)];
    }

    /// <summary>The level of a written line ("2026-11-30 07:00:00.000Z WARN  [category] message").</summary>
    private static LogLevel LevelOfLine(string line) =>
        line.Split(' ', 4) is [_, _, var level, ..] ? LevelOf(level) : LogLevel.Information;

    private static LogLevel LevelOf(string level) => level switch
    {
        "FATAL" => LogLevel.Critical,
        "ERROR" => LogLevel.Error,
        "WARN" => LogLevel.Warning,
        "INFO" => LogLevel.Information,
        "DEBUG" => LogLevel.Debug,
        "ALL" or "TRACE" => LogLevel.Trace,
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
