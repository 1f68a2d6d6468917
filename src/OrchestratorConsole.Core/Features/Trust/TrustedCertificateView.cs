namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>A certificate of the SSL trust list as the console shows it.</summary>
public sealed record TrustedCertificateView(
    string Sha256,
    string Subject,
    string Issuer,
    DateTimeOffset NotAfter,
    string? Address,
    string AddedBy,
    DateTimeOffset AddedAt);
