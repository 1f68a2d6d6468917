namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>One thing somebody did, or tried to do, on this node.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public required string User { get; set; }

    public required string Action { get; set; }

    public string? Section { get; set; }

    public string? Detail { get; set; }

    public bool Succeeded { get; set; } = true;

    public string? RemoteAddress { get; set; }
}
