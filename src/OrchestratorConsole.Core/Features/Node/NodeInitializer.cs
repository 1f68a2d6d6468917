using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>
/// Prepares the node before the console listens: data folder, settings store migrations, node id, initial
/// configuration (with the installed plug-ins' sections) and administrator, the log level, and on a fresh node the embedded Orchestrator database.
/// </summary>
public sealed partial class NodeInitializer(
    NodePaths paths,
    NodeLog nodeLog,
    IDbContextFactory<SettingsDbContext> dbFactory,
    NodeIdentityService identity,
    ConfigurationService configuration,
    ConfigurationEvents events,
    PlugIns.PluginService plugins,
    AccountService accounts,
    OrchestratorSchemaService schema,
    OrchestratorDatabase orchestratorDatabase,
    DatabaseStatusService databaseStatus,
    Certificates.ServerCertificateService certificate,
    Network.NetworkListening network,
    ILogger<NodeInitializer> logger) : IHostedService, IDisposable
{
    private FileStream? _dataDirectoryLock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        NodePaths.EnsurePrivateDirectory(paths.DataDirectory);
        NodePaths.EnsurePrivateDirectory(paths.LogsDirectory);
        _dataDirectoryLock = DataDirectoryLock.Acquire(paths.DataDirectory);
        nodeLog.UseDirectory(paths.LogsDirectory);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (db is SqliteSettingsDbContext)
            {
                await PrepareSqliteFileAsync(db.Database.GetConnectionString()!, cancellationToken);
            }

            // A restart finds the store current: one read of the history table is enough, without EF Core's lock and
            // checks, and without the small model EF Core builds to read that table.
            if (await MigrationHistory.HasPendingAsync(db, cancellationToken))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

        // The first administrator's password hash (PBKDF2, hundreds of milliseconds by design) needs only the migrated
        // store: it is made on the other core while the rest is prepared, and the node is not ready before it is done.
        var administrator = Task.Run(() => accounts.EnsureInitialAdministratorAsync(cancellationToken), cancellationToken);
        var nodeId = await identity.EnsureAsync(cancellationToken);
        await plugins.LoadSectionsAsync(cancellationToken);
        await configuration.EnsureInitialRevisionsAsync(cancellationToken);
        // The embedded Orchestrator database is a file and a context of its own: it is prepared (installed on a fresh
        // node) on the other core while the network, the certificate and the log level are applied.
        var database = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        var orchestrator = Task.Run(() => PrepareOrchestratorDatabaseAsync(database, cancellationToken), cancellationToken);
        // Before the certificate: a self-signed one names the addresses the console listens on.
        await network.ApplyAsync(cancellationToken);
        await certificate.EnsureAsync(cancellationToken);

        nodeLog.ApplyLevel((await configuration.GetAsync<LogSettings>(cancellationToken)).Settings.Level);
        events.SectionSaved += ApplyLogLevel;

        await orchestrator;
        await administrator;
        LogStarted(logger, nodeId, paths.DataDirectory);
    }

    private async Task PrepareOrchestratorDatabaseAsync(DatabaseSettings database, CancellationToken cancellationToken)
    {
        if (database.Type != DatabaseType.Embedded)
        {
            _ = Task.Run(() => databaseStatus.RefreshAsync(CancellationToken.None), CancellationToken.None);
            return;
        }

        await PrepareSqliteFileAsync(orchestratorDatabase.EmbeddedConnectionString(), cancellationToken);
        var status = await schema.GetStatusAsync(database, cancellationToken);
        if (!status.IsCurrent && status.CurrentVersion < status.TargetVersion)
        {
            status = await schema.InstallAsync(Actor.System, database, cancellationToken: cancellationToken);
        }

        // The schema was just read (or installed): the status is recorded without asking the database once more.
        await databaseStatus.RefreshAsync(status, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.SectionSaved -= ApplyLogLevel;
        return Task.CompletedTask;
    }

    public void Dispose() => _dataDirectoryLock?.Dispose();

    private void ApplyLogLevel(string section)
    {
        if (section == ConfigurationRegistry.Log)
        {
            // Not on another thread: the saved revision is already the cached live value, so the level
            // is applied before the save returns ("applies live" means the next line already obeys it).
            _ = ApplyLogLevelAsync();
        }
    }

    private async Task ApplyLogLevelAsync() => nodeLog.ApplyLevel((await configuration.GetAsync<LogSettings>()).Settings.Level);

    /// <summary>
    /// Puts the SQLite file in write-ahead-log mode (readers never block the writer, so the console's many short
    /// writes do not collide), and clears a stale migration lock: EF Core's SQLite migrations take a lock row that a
    /// process killed mid-migration leaves behind, and the next start would wait on it for ever. This node holds the
    /// data directory's lock file, so no other process can be migrating this file: a lock row found now is stale.
    /// </summary>
    private async Task PrepareSqliteFileAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) == 0)
        {
            return;
        }

        command.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            LogStaleLock(logger, connection.DataSource);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} ready; data directory {DataDirectory}")]
    private static partial void LogStarted(ILogger logger, Guid nodeId, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed a migration lock left in {Database} by an interrupted start")]
    private static partial void LogStaleLock(ILogger logger, string database);
}
