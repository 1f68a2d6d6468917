namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>
/// A certificate the cluster's nodes accept from another node although no authority of the system store vouches for
/// it: approved by an administrator (at Join, from a URL, as PEM) or vouched for by a node that joined the cluster.
/// </summary>
public sealed class TrustedCertificateRecord
{
    /// <summary>Lower-case hex SHA-256 of the certificate.</summary>
    public required string Sha256 { get; set; }

    public required string Subject { get; set; }

    public required string Issuer { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public required string Pem { get; set; }

    /// <summary>The origin (<c>https://host:port</c>) the certificate was approved for; null for one imported as PEM.</summary>
    public string? Address { get; set; }

    public required string AddedBy { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}
