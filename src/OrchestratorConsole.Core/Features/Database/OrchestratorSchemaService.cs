using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>
/// <c>Install database</c> / <c>Update database</c>: creates or migrates the Orchestrator schema.
/// Installs from several nodes at once are serialised by the migration lock EF Core takes in the database.
/// </summary>
public sealed partial class OrchestratorSchemaService(OrchestratorDatabase database, AuditService audit, ILogger<OrchestratorSchemaService> logger)
{
    private readonly SemaphoreSlim _installGate = new(1, 1);

    /// <summary>The schema version this console needs: the number of migrations it carries.</summary>
    public int TargetVersion => LazyTargetVersion.Value;

    // Counted by reflection over the assembly's types on first use (on the node's database thread at start), not
    // when the service is built with the host's other services on the start's main path.
    private static readonly Lazy<int> LazyTargetVersion = new(CountMigrations);

    public async Task<SchemaStatus> GetStatusAsync(DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        if (settings.Type == DatabaseType.SqlServer)
        {
            return new SchemaStatus(0, TargetVersion);
        }

        await using var context = database.CreateContext(settings);
        // Through the retrying strategy: after a network fault heals, the pool's first connection may be a dead one.
        var applied = await context.Database.CreateExecutionStrategy().ExecuteAsync(token => MigrationHistory.AppliedAsync(context, token), cancellationToken);
        return new SchemaStatus(applied.Count(), TargetVersion);
    }

    /// <summary>
    /// Applies every pending migration, reporting each as EF Core starts it. One migration run to the latest version
    /// (never to a named one, which would revert what a concurrent install already applied), under EF Core's lock in
    /// the database.
    /// </summary>
    public async Task<SchemaStatus> InstallAsync(Actor actor, DatabaseSettings settings, IProgress<SchemaProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await _installGate.WaitAsync(cancellationToken);
        // Installs from several nodes are serialised by a lock in the database itself, held for the whole run: EF
        // Core's own lock covers one migration at a time, not a run of several.
        await using var lockSource = settings.Type == DatabaseType.PostgreSQL
            ? database.PostgresDataSourceBuilder(settings, OrchestratorDatabase.PostgresConnectionString(settings, pooling: false)).Build()
            : null;
        await using var clusterLock = lockSource?.CreateConnection();
        try
        {
            if (clusterLock is not null)
            {
                await clusterLock.OpenAsync(cancellationToken);
                await using var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(828301)", clusterLock);
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            // Each provider has its own migration ids: the list is taken from the context itself.
            var all = new List<string>();
            var pending = new List<string>();
            await using var context = database.CreateContext(settings, id =>
            {
                var version = all.IndexOf(id) + 1;
                progress?.Report(new SchemaProgress(version, TargetVersion + 1, $"Applying schema version {version} of {TargetVersion} ({id})"));
            });
            all.AddRange(context.Database.GetMigrations());
            progress?.Report(new SchemaProgress(0, 1, "Connecting to the database"));
            pending.AddRange(await context.Database.GetPendingMigrationsAsync(cancellationToken));
            var before = TargetVersion - pending.Count;
            if (pending.Count > 0)
            {
                await context.Database.MigrateAsync(cancellationToken);
            }

            var status = await GetStatusAsync(settings, cancellationToken);
            progress?.Report(new SchemaProgress(TargetVersion + 1, TargetVersion + 1, status.Describe()));
            LogInstalled(logger, settings.Type, before, status.CurrentVersion, actor.UserName);
            await audit.RecordAsync(actor, "database.install", ConfigurationRegistry.Database, $"{settings.Type}: schema version {before} -> {status.CurrentVersion}", cancellationToken: cancellationToken);
            return status;
        }
        finally
        {
            _installGate.Release();
        }
    }

    /// <summary>
    /// Counts the migrations as EF Core finds them (a <see cref="Migration"/> marked with its id and this context), without
    /// building a context: that costs EF Core's whole start-up, and this runs while the node starts.
    /// </summary>
    private static int CountMigrations() => typeof(Data.Orchestrator.SqliteOrchestratorDbContext).Assembly.GetTypes().Count(t =>
        t.IsSubclassOf(typeof(Migration))
        && t.GetCustomAttribute<MigrationAttribute>() is not null
        && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(Data.Orchestrator.SqliteOrchestratorDbContext));

    [LoggerMessage(Level = LogLevel.Information, Message = "Orchestrator schema on {Type} installed from version {From} to {To} by {User}")]
    private static partial void LogInstalled(ILogger logger, DatabaseType type, int from, int to, string user);
}
