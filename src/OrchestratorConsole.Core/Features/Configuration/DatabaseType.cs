namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Kinds of Orchestrator database.</summary>
public enum DatabaseType
{
    /// <summary>SQLite in the node's data folder: standalone only.</summary>
    Embedded,
    PostgreSQL,
    SqlServer,
}
