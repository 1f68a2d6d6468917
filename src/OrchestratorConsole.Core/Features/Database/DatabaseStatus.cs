namespace OrchestratorConsole.Core.Features.Database;

/// <summary>The last known state of the saved Orchestrator database settings.</summary>
public sealed record DatabaseStatus(string SettingsKey, bool Reachable, SchemaStatus? Schema, string Message, DateTimeOffset CheckedAt)
{
    public bool IsGood => Reachable && Schema is { IsCurrent: true };
}
