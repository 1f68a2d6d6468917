namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>
/// A certificate a node renewed for itself while other nodes trusted the old one by fingerprint: it waits here for an
/// administrator's approval (then it joins the trust list and the node serves it) or rejection.
/// </summary>
public sealed class CertificateApprovalRecord
{
    public const string Awaiting = "awaiting";
    public const string Rejected = "rejected";

    /// <summary>Lower-case hex SHA-256 of the new certificate.</summary>
    public required string Sha256 { get; set; }

    public required string Subject { get; set; }

    public required string Issuer { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    /// <summary>The new certificate, PEM (never its key).</summary>
    public required string Pem { get; set; }

    /// <summary>The node that renewed its certificate.</summary>
    public Guid NodeId { get; set; }

    public required string NodeName { get; set; }

    /// <summary>The fingerprint of the trusted certificate it replaces.</summary>
    public required string ReplacesSha256 { get; set; }

    /// <summary>The address the replaced certificate was trusted for, which the new one is trusted for once approved.</summary>
    public string? Address { get; set; }

    /// <summary><see cref="Awaiting"/> or <see cref="Rejected"/>; an approved certificate leaves this table for the trust list.</summary>
    public required string Status { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The administrator who rejected it.</summary>
    public string? DecidedBy { get; set; }
}
