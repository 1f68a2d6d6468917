using System.Text;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Configuration;

public sealed class SecretsAtRestTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private const string Secret = "S3cret-Plain-Text!";

    [Fact]
    public async Task A_saved_database_password_is_in_neither_the_settings_store_the_log_files_nor_the_logs_api()
    {
        using var admin = await console.AdminAsync();
        var current = await admin.GetOkAsync("/api/configuration/database");
        using var save = await admin.Put("/api/configuration/database", new
        {
            type = "PostgreSQL", host = "127.0.0.1", port = 1, databaseName = "vco", userName = "vco", password = Secret,
            comment = "secret at rest", version = (int)current["version"]!,
        });
        var saved = await save.ShouldBeOkAsync();
        using var test = await admin.Post("/api/database/test", new { password = Secret });
        await test.ShouldBeOkAsync();
        var logs = await admin.GetOkAsync("/api/logs?lines=5000");

        Assert.DoesNotContain(Secret, saved.ToJsonString());
        var lines = logs["lines"]!.AsArray().Select(l => (string)l!).ToList();
        Assert.Contains(lines, l => l.Contains("Configuration section database saved", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Secret, StringComparison.Ordinal));

        var storeFiles = Directory.GetFiles(console.Data.Path, "node-settings.db*");
        Assert.NotEmpty(storeFiles);
        await WaitForLogFileAsync("Audit: database.test");
        var logFiles = Directory.GetFiles(console.LogsDirectory, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(logFiles);
        foreach (var file in storeFiles.Concat(logFiles))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(Secret)), $"{Path.GetFileName(file)} holds the password in clear text (UTF-8).");
            Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(Secret)), $"{Path.GetFileName(file)} holds the password in clear text (UTF-16).");
        }
    }

    /// <summary>The log file is written in the background: wait until it has reached the last action of the test.</summary>
    private async Task WaitForLogFileAsync(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var file in Directory.GetFiles(console.LogsDirectory))
            {
                if (Encoding.UTF8.GetString(await ReadSharedAsync(file)).Contains(marker, StringComparison.Ordinal))
                {
                    return;
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The node's log file never showed '{marker}'.");
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
