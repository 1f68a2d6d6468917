namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>The node's server certificate as stored: the public certificate (and chain) in clear, the key only encrypted.</summary>
public sealed class ServerCertificateRecord
{
    /// <summary>Always <see cref="SingleId"/>: a node has one server certificate.</summary>
    public int Id { get; set; } = SingleId;

    public const int SingleId = 1;

    /// <summary>The certificate followed by its chain, PEM.</summary>
    public required string CertificatePem { get; set; }

    /// <summary>The certificate with its private key as PKCS#12, encrypted with the node's Data Protection key ring.</summary>
    public required string ProtectedPkcs12 { get; set; }

    /// <summary>Lower-case hex SHA-256 of the certificate.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
