using Microsoft.Data.Sqlite;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Node;

/// <summary>What happens at start-up, before the console listens.</summary>
public sealed class NodeInitializerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_migration_lock_left_by_a_killed_first_start_does_not_hang_the_next_start()
    {
        using var directory = new TempDirectory();
        // What a process killed while migrating leaves behind: EF Core's lock row in both SQLite files.
        LeaveStaleMigrationLock(Path.Combine(directory.Path, "node-settings.db"));
        LeaveStaleMigrationLock(Path.Combine(directory.Path, "orchestrator.db"));
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));

        await using var node = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, bound.Token);

        Assert.Equal(1, (await node.Get<ConfigurationService>().GetViewAsync("general", Ct)).Version);
        Assert.True((await node.Get<OrchestratorSchemaService>().GetStatusAsync(new DatabaseSettings(), Ct)).IsCurrent);
        Assert.Equal(0, CountLockRows(Path.Combine(directory.Path, "node-settings.db")));
    }

    [Fact]
    public async Task A_stale_migration_lock_on_an_existing_node_does_not_hang_its_restart()
    {
        using var directory = new TempDirectory();
        var first = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, Ct);
        var nodeId = first.Get<NodeIdentityService>().NodeId;
        await first.DisposeAsync();
        SqliteConnection.ClearAllPools();
        LeaveStaleMigrationLock(Path.Combine(directory.Path, "node-settings.db"));
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));

        await using var node = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, bound.Token);

        Assert.Equal(nodeId, node.Get<NodeIdentityService>().NodeId);
    }

    [Fact]
    public async Task A_second_node_on_the_same_data_directory_is_refused_naming_the_key()
    {
        await using var first = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

        var refused = await Assert.ThrowsAsync<DataDirectoryInUseException>(() =>
            NodeHost.StartAsync(new NodeHostOptions { DataDirectory = first.DataDirectory }, Ct));

        Assert.StartsWith("Node:DataDirectory", refused.Message);
        Assert.Contains(first.DataDirectory, refused.Message);
        Assert.Contains("in use by another running console", refused.Message);
        // The first node is unharmed.
        Assert.Equal(1, (await first.Get<ConfigurationService>().GetViewAsync("general", Ct)).Version);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_data_directory_and_its_key_and_log_folders_are_readable_by_this_account_only()
    {
        await using var node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        var paths = node.Get<NodePaths>();
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        Assert.Equal(ownerOnly, File.GetUnixFileMode(paths.DataDirectory));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(paths.KeysDirectory));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(paths.LogsDirectory));
        Assert.NotEmpty(Directory.GetFiles(paths.KeysDirectory, "*.xml"));
    }

    [Fact]
    public async Task The_saved_log_level_is_applied_at_the_next_start()
    {
        using var directory = new TempDirectory();
        var first = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, Ct);
        await first.Get<ConfigurationService>().SaveAsync(TestActors.Administrator(), "log", new System.Text.Json.Nodes.JsonObject { ["level"] = "WARN" }, 1, null, cancellationToken: Ct);
        await first.DisposeAsync();

        await using var node = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, Ct);

        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, node.Get<NodeLog>().MinimumLevel);
    }

    private static void LeaveStaleMigrationLock(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT OR REPLACE INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-03-01 04:12:00+00:00');
            """;
        command.ExecuteNonQuery();
    }

    private static long CountLockRows(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM \"__EFMigrationsLock\"";
        return (long)command.ExecuteScalar()!;
    }
}
