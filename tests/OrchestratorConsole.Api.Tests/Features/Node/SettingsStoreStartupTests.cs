using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Node;

/// <summary>Start-up of a node: the settings store on PostgreSQL, a bad start-up value, a stale migration lock.</summary>
public sealed class SettingsStoreStartupTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_with_its_settings_store_on_PostgreSQL_starts_and_keeps_revisions_there()
    {
        var database = await TestPostgres.CreateDatabaseAsync("store");
        await using var node = new ConsoleFactory(new Dictionary<string, string?>
        {
            ["Node:SettingsStore:Provider"] = "Postgres",
            ["Node:SettingsStore:ConnectionString"] = TestPostgres.ConnectionStringFor(database),
        });
        using var anonymous = node.Anonymous();
        using var ready = await anonymous.Get("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var admin = await node.AdminAsync();
        var general = await admin.GetOkAsync("/api/configuration/general");
        var comment = "saved on PostgreSQL " + Guid.NewGuid();
        using var save = await admin.Put("/api/configuration/general", new { description = "on PostgreSQL", comment, version = (int)general["version"]! });
        await save.ShouldBeOkAsync();

        var latest = (await admin.GetArrayAsync("/api/configuration/revisions"))[0]!;
        Assert.Equal(comment, (string?)latest["comment"]);
        Assert.Equal(ConsoleFactory.AdminName, (string?)latest["author"]);
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionStringFor(database));
        await connection.OpenAsync(Cancellation);
        await using var query = new NpgsqlCommand("SELECT count(*) FROM configuration_revisions WHERE \"Comment\" = @comment", connection);
        query.Parameters.AddWithValue("comment", comment);
        Assert.Equal(1L, (long)(await query.ExecuteScalarAsync(Cancellation))!);
        Assert.False(File.Exists(node.SettingsStoreFile), "No SQLite settings store is created when the store is PostgreSQL.");
    }

    [Fact]
    public async Task A_bad_start_up_value_stops_the_start_with_one_line_naming_the_key()
    {
        using var data = new TempDirectory();

        var line = await RefusedStart.RunAsync(data.Path, new Dictionary<string, string>
        {
            ["Node__DataDirectory"] = data.Path,
            ["Node__SettingsStore__Provider"] = "Postgres",
        });

        Assert.Contains("Node:SettingsStore:ConnectionString", line);
    }

    [Fact]
    public async Task A_migration_lock_left_by_a_killed_start_does_not_hang_the_next_start()
    {
        using var data = new TempDirectory();
        var first = new ConsoleFactory(new Dictionary<string, string?>(), data);
        using (var client = first.Anonymous())
        {
            using var ready = await client.Get("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await first.DisposeAsync();
        await using (var store = new SqliteConnection($"Data Source={Path.Combine(data.Path, "node-settings.db")};Pooling=False"))
        {
            await store.OpenAsync(Cancellation);
            await using var insert = store.CreateCommand();
            insert.CommandText = """
                CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2020-01-01 00:00:00');
                """;
            await insert.ExecuteNonQueryAsync(Cancellation);
        }

        await using var second = new ConsoleFactory(new Dictionary<string, string?>(), data);
        var started = Stopwatch.StartNew();
        var client2 = await Task.Run(second.Anonymous, Cancellation).WaitAsync(TimeSpan.FromSeconds(60), Cancellation);
        using var readyAgain = await client2.Get("/health/ready");

        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        using var admin = await second.AdminAsync();
        var logs = await admin.GetOkAsync("/api/logs?lines=5000");
        Assert.Contains(logs["lines"]!.AsArray(), l => ((string?)l)!.Contains("Removed a migration lock", StringComparison.Ordinal));
        client2.Dispose();
    }
}
