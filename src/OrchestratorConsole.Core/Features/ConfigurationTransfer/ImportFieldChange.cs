namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>A field that differs between the file and the live node. Secrets show only whether they are set.</summary>
public sealed record ImportFieldChange(string Field, string? Current, string? Incoming, bool Secret)
{
    /// <summary>The field as the tab that edits it names it ("Heartbeat interval (ms)"); the key when it has no other name.</summary>
    public string Label { get; init; } = Field;
}
