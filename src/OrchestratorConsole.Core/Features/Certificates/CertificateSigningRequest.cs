namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>What a certificate signing request names: the subject and the host names or addresses of the node.</summary>
public sealed record CertificateSigningRequest(string? Subject, IReadOnlyList<string>? SubjectAlternativeNames);
