using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Logs;

/// <summary>The node's own log: levels, the recent lines and the daily file.</summary>
public sealed class NodeLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("OFF", new LogLevel[0])]
    [InlineData("FATAL", new[] { LogLevel.Critical })]
    [InlineData("ERROR", new[] { LogLevel.Critical, LogLevel.Error })]
    [InlineData("WARN", new[] { LogLevel.Critical, LogLevel.Error, LogLevel.Warning })]
    [InlineData("INFO", new[] { LogLevel.Critical, LogLevel.Error, LogLevel.Warning, LogLevel.Information })]
    [InlineData("DEBUG", new[] { LogLevel.Critical, LogLevel.Error, LogLevel.Warning, LogLevel.Information, LogLevel.Debug })]
    [InlineData("ALL", new[] { LogLevel.Critical, LogLevel.Error, LogLevel.Warning, LogLevel.Information, LogLevel.Debug, LogLevel.Trace })]
    public void Each_level_writes_its_own_and_more_severe_lines_only(string level, LogLevel[] written)
    {
        using var log = new NodeLog();
        var logger = new NodeLogProvider(log, new FakeTimeProvider()).CreateLogger("Test");
        log.ApplyLevel(level);

        foreach (var each in Enum.GetValues<LogLevel>().Where(l => l != LogLevel.None))
        {
            logger.Log(each, "line at {Level}", each);
        }

        Assert.Equal(written.Order().Select(l => $"line at {l}"), log.Recent(100).Select(line => line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..]));
    }

    [Theory]
    [InlineData("INFO", false)]
    [InlineData("DEBUG", true)]
    [InlineData("ALL", true)]
    public void The_framework_s_per_request_lines_are_written_only_when_detail_was_asked_for(string level, bool written)
    {
        using var log = new NodeLog();
        var provider = new NodeLogProvider(log, new FakeTimeProvider());
        log.ApplyLevel(level);

        provider.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").LogInformation("Request starting HTTP/1.1 GET /health/live");
        provider.CreateLogger("Microsoft.EntityFrameworkCore.Database.Command").LogWarning("a framework warning");
        provider.CreateLogger("Microsoft.Hosting.Lifetime").LogInformation("Application started");
        provider.CreateLogger("OrchestratorConsole.Core.Features.Server.ServerLifetime").LogInformation("Server started");

        var lines = string.Join('\n', log.Recent(100));
        Assert.Equal(written, lines.Contains("Request starting", StringComparison.Ordinal));
        Assert.Contains("a framework warning", lines);
        Assert.Contains("Application started", lines);
        Assert.Contains("Server started", lines);
    }

    [Fact]
    public void Newest_gives_the_latest_lines_first_filtered_by_least_level_and_text()
    {
        using var log = new NodeLog();
        var logger = new NodeLogProvider(log, new FakeTimeProvider()).CreateLogger("Test");
        log.ApplyLevel("ALL");
        logger.LogInformation("first heartbeat");
        logger.LogWarning("second heartbeat missed");
        logger.LogError("third: lease lost");
        logger.LogDebug("fourth heartbeat");

        static string Message(string line) => line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..];
        Assert.Equal(["fourth heartbeat", "third: lease lost", "second heartbeat missed", "first heartbeat"], log.Newest(10).Select(Message));
        Assert.Equal(["fourth heartbeat", "third: lease lost"], log.Newest(2).Select(Message));
        Assert.Equal(["third: lease lost", "second heartbeat missed"], log.Newest(10, "WARN").Select(Message));
        Assert.Equal(["fourth heartbeat", "second heartbeat missed", "first heartbeat"], log.Newest(10, text: "HEARTBEAT").Select(Message));
        Assert.Equal(["second heartbeat missed"], log.Newest(10, "WARN", "heartbeat").Select(Message));
    }

    [Fact]
    public void A_line_carries_the_time_the_level_the_category_and_the_message()
    {
        using var log = new NodeLog();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 15, 250, TimeSpan.Zero));
        var logger = new NodeLogProvider(log, time).CreateLogger("OrchestratorConsole.Database");

        logger.LogWarning(new InvalidOperationException("disk full"), "Could not write {File}", "a.db");

        Assert.Equal("2026-03-02 09:30:15.250Z WARN  [OrchestratorConsole.Database] Could not write a.db (InvalidOperationException: disk full)", Assert.Single(log.Recent(10)));
    }

    [Fact]
    public async Task Lines_go_to_a_file_per_UTC_day_named_by_the_clock()
    {
        using var directory = new OrchestratorConsole.Testing.TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 23, 59, 0, TimeSpan.Zero));
        using var log = new NodeLog(time);
        log.UseDirectory(directory.Path);
        var logger = new NodeLogProvider(log, time).CreateLogger("Test");

        logger.LogInformation("before midnight");
        await FileHoldsAsync(Path.Combine(directory.Path, "console-20260302.log"), "before midnight");
        time.Advance(TimeSpan.FromMinutes(2));
        logger.LogInformation("after midnight");
        await FileHoldsAsync(Path.Combine(directory.Path, "console-20260303.log"), "after midnight");

        Assert.DoesNotContain("after midnight", await File.ReadAllTextAsync(Path.Combine(directory.Path, "console-20260302.log"), TestContext.Current.CancellationToken));
    }

    /// <summary>The file is written in the background: waits (at most 10 s) until it holds <paramref name="text"/>.</summary>
    private static async Task FileHoldsAsync(string path, string text)
    {
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"{Path.GetFileName(path)} did not get \"{text}\" within 10 s; the folder holds {string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName))}.");
    }

    [Fact]
    public void Recent_returns_the_last_lines_in_order()
    {
        using var log = new NodeLog();
        var logger = new NodeLogProvider(log, new FakeTimeProvider()).CreateLogger("Test");
        for (var i = 1; i <= 10; i++)
        {
            logger.LogInformation("line {Number}", i);
        }

        Assert.Equal(["line 8", "line 9", "line 10"], log.Recent(3).Select(MessageOf));
        Assert.Equal(10, log.Recent(100).Count);
    }

    [Fact]
    public void The_recent_lines_are_capped_keeping_the_newest()
    {
        using var log = new NodeLog();
        var logger = new NodeLogProvider(log, new FakeTimeProvider()).CreateLogger("Test");
        for (var i = 1; i <= NodeLog.Capacity + 25; i++)
        {
            logger.LogInformation("line {Number}", i);
        }

        var all = log.Recent(int.MaxValue);
        Assert.Equal(NodeLog.Capacity, all.Count);
        Assert.Equal($"line {NodeLog.Capacity + 25}", MessageOf(all[^1]));
        Assert.Equal("line 26", MessageOf(all[0]));
    }

    [Fact]
    public void Lines_land_in_the_daily_file_of_the_log_folder()
    {
        using var directory = new TempDirectory();
        var before = DateTime.UtcNow;
        var log = new NodeLog();
        log.UseDirectory(directory.Path);
        var logger = new NodeLogProvider(log, TimeProvider.System).CreateLogger("Test");

        logger.LogInformation("first line");
        logger.LogError("second line");
        log.Dispose(); // flushes the file writer
        var after = DateTime.UtcNow;

        var file = Assert.Single(Directory.GetFiles(directory.Path));
        Assert.Contains(Path.GetFileName(file), new[] { $"console-{before:yyyyMMdd}.log", $"console-{after:yyyyMMdd}.log" });
        var lines = File.ReadAllLines(file);
        Assert.Equal(["first line", "second line"], lines.Select(MessageOf));
        Assert.Equal(log.Recent(2), lines);
    }

    [Fact]
    public async Task A_saved_log_level_applies_at_once_without_a_restart()
    {
        await using var node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        var log = node.Get<NodeLog>();
        var logger = node.Get<ILoggerFactory>().CreateLogger("OrchestratorConsole.Tests");
        var configuration = node.Get<ConfigurationService>();
        var off = Guid.NewGuid().ToString("N");
        var debug = Guid.NewGuid().ToString("N");

        await configuration.SaveAsync(TestActors.Administrator(), "log", new JsonObject { ["level"] = "OFF" }, 1, null, cancellationToken: Ct);
        logger.LogCritical("written while OFF {Marker}", off);
        await configuration.SaveAsync(TestActors.Administrator(), "log", new JsonObject { ["level"] = "DEBUG" }, 2, null, cancellationToken: Ct);
        logger.LogDebug("written at DEBUG {Marker}", debug);

        var recent = log.Recent(NodeLog.Capacity);
        Assert.DoesNotContain(recent, l => l.Contains(off, StringComparison.Ordinal));
        Assert.Contains(recent, l => l.Contains($"DEBUG [OrchestratorConsole.Tests] written at DEBUG {debug}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_writes_its_log_under_the_data_directory()
    {
        string logs;
        await using (var node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct))
        {
            logs = node.Get<NodePaths>().LogsDirectory;
            node.Get<ILoggerFactory>().CreateLogger("OrchestratorConsole.Tests").LogWarning("a node-level warning");
            await node.StopAsync();
            var text = string.Concat(Directory.GetFiles(logs, "console-*.log").Select(File.ReadAllText));
            Assert.Contains("a node-level warning", text);
            Assert.Contains("ready; data directory", text);
        }
    }

    private static string MessageOf(string line) => line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..];
}
