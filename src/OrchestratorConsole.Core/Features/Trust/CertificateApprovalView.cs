namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>A node's renewed certificate awaiting an administrator's approval, as the console shows it.</summary>
public sealed record CertificateApprovalView(
    string Sha256,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    Guid NodeId,
    string NodeName,
    string ReplacesSha256,
    string? Address,
    DateTimeOffset RequestedAt);
