using System.Security.Cryptography.X509Certificates;
using OrchestratorConsole.Core.Features.Certificates;

namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>
/// What one node-to-node call learnt of the other node's certificate: filled in by <see cref="PeerTrust.Validate"/>
/// during the TLS handshake, read by the caller when the call failed or succeeded.
/// </summary>
public sealed class PeerCertificateCheck
{
    public static readonly HttpRequestOptionsKey<PeerCertificateCheck> Key = new("orchestrator.peer-certificate");

    /// <summary>A fingerprint an administrator approved for this call only (Join's prompt); kept once the call succeeds.</summary>
    public string? AcceptOnce { get; init; }

    /// <summary>The certificate the peer presented, accepted or not.</summary>
    public X509Certificate2? Presented { get; set; }

    /// <summary>Whether it was accepted only because of <see cref="AcceptOnce"/>.</summary>
    public bool AcceptedOnce { get; set; }

    /// <summary>Whether it was refused.</summary>
    public bool Refused { get; set; }

    /// <summary>When refused: the fingerprint the trust list holds for the same address (the certificate changed).</summary>
    public string? PinnedBefore { get; set; }

    public CertificateDetails? PresentedDetails => Presented is null ? null : CertificateDetails.Of(Presented);
}
