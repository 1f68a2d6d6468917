using OrchestratorConsole.Core.Features.Certificates;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>Whether a tested connection was encrypted, how, and with which server certificate (null when none was seen).</summary>
public sealed record ConnectionEncryption(bool Encrypted, string? Protocol, string? Cipher, CertificateDetails? Certificate)
{
    /// <summary>One line for the report: "Encrypted: TLSv1.3, certificate CN=…, sha256 …" or "Not encrypted".</summary>
    public string Describe() => !Encrypted
        ? "Not encrypted: the password and the data cross the network in clear."
        : $"Encrypted: {Protocol ?? "TLS"}{(Cipher is null ? string.Empty : $" ({Cipher})")}"
            + (Certificate is null ? "." : $", certificate {Certificate.Subject}, issued by {Certificate.Issuer}, sha256 {Certificate.Sha256}, valid until {Certificate.NotAfter:yyyy-MM-dd}.");
}
