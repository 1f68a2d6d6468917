using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Certificates;

namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>
/// Another node presented a certificate that neither the system store nor the SSL trust list vouches for (409, with
/// the certificate, so that an administrator can approve it).
/// </summary>
public sealed class UntrustedCertificateException(string detail, CertificateDetails certificate, string? previousSha256)
    : ConflictException(detail, previousSha256 is null ? "Certificate not trusted" : "Certificate changed")
{
    public CertificateDetails Certificate { get; } = certificate;

    /// <summary>The fingerprint trusted for the same address before, when the node's certificate changed.</summary>
    public string? PreviousSha256 { get; } = previousSha256;

    public static UntrustedCertificateException For(Uri baseUri, CertificateDetails presented, string? pinnedBefore) => new(
        pinnedBefore is null
            ? $"{baseUri} presents a certificate that is not trusted: {presented.Subject}, issued by {presented.Issuer}, valid until {presented.NotAfter:yyyy-MM-dd}, SHA-256 {presented.Sha256}. Approve it (SSL trust, or Join's prompt) to call this node. Nothing was changed there."
            : $"The certificate of {baseUri} changed: the trusted one is SHA-256 {pinnedBefore}, it now presents SHA-256 {presented.Sha256} ({presented.Subject}, valid until {presented.NotAfter:yyyy-MM-dd}). Calls to it are refused until an administrator approves the new one. Nothing was changed there.",
        presented,
        pinnedBefore);
}
