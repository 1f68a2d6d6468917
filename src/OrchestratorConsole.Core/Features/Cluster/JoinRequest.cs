using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Join this node to a cluster through another node.</summary>
/// <param name="TrustedCertificateSha256">The fingerprint of the node's certificate that the administrator approved after a first answer of 409.</param>
public sealed record JoinRequest(string? NodeUrl, string? UserName, string? Password, string? TrustedCertificateSha256 = null);
