namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>Filter of the audit trail.</summary>
public sealed record AuditQuery(string? User = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Skip = 0, int Take = 50);
