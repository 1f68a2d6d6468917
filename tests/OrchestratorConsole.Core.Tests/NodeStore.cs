namespace OrchestratorConsole.Core.Tests;

/// <summary>Where a test node keeps its settings: the two providers of the settings store.</summary>
public enum NodeStore
{
    Sqlite,
    Postgres,
}
