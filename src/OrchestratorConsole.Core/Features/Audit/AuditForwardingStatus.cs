namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>What the audit forwarding of this node is doing: where it sends, what waits, what was lost, what went wrong last.</summary>
public sealed record AuditForwardingStatus(
    bool Enabled,
    string? Target,
    int Queued,
    int QueueLimit,
    long Sent,
    long Dropped,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastSentAt);
