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
        DatabaseType.PostgreSQL => new PostgresClusterStore(new NpgsqlDataSourceBuilder(
            new NpgsqlConnectionStringBuilder(OrchestratorDatabase.PostgresConnectionString(settings)) { MaxPoolSize = 8, CommandTimeout = 10 }.ToString()).Build()),
        _ => throw new ConflictException("The Orchestrator server runs on the Embedded or a PostgreSQL database; SQL Server is accepted and checked but not yet supported for the server.", "Database not supported"),
    };
}

/// <summary>The cluster store of the running server, if any: readers use it rather than opening their own.</summary>
public sealed class RunningClusterStore
{
    public IClusterStore? Current { get; internal set; }
}
