using Npgsql;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Opens the cluster store of the Orchestrator database that the settings name.</summary>
public sealed class ClusterStoreFactory(OrchestratorDatabase database, TimeProvider time)
{
    public IClusterStore Create(DatabaseSettings settings) => settings.Type switch
    {
        DatabaseType.Embedded => new EmbeddedClusterStore(() => database.CreateContext(settings), time),
        // A pool of its own. The store keeps no session state (no SET, no advisory lock, no LISTEN; every transaction
        // ends where it begins), so a pooled connection needs no DISCARD ALL on its return: that would be one more
        // transaction on the server for every heartbeat. A short connect timeout: cancelling a command opens a
        // connection of its own, which in a partition would otherwise wait the default 15 s, twice.
        DatabaseType.PostgreSQL => new PostgresClusterStore(database.PostgresDataSourceBuilder(
            settings,
            new NpgsqlConnectionStringBuilder(OrchestratorDatabase.PostgresConnectionString(settings)) { MaxPoolSize = 8, Timeout = 5, CommandTimeout = 10, CancellationTimeout = 2000, NoResetOnClose = true }.ToString()).Build()),
        _ => throw new ConflictException("The Orchestrator server runs on the Embedded or a PostgreSQL database; SQL Server is accepted and checked but not yet supported for the server.", "Database not supported"),
    };
}
