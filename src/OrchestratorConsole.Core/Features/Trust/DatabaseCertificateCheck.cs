using System.Security.Cryptography.X509Certificates;

namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>
/// What one connection to the Orchestrator database learnt of the server's certificate during its TLS handshake:
/// filled in by <see cref="DatabaseCertificateTrust"/>, read by <c>Test connection</c> to report it.
/// </summary>
public sealed class DatabaseCertificateCheck
{
    /// <summary>The certificate the server presented, accepted or not; null when no TLS handshake took place.</summary>
    public X509Certificate2? Presented { get; set; }

    /// <summary>Why the certificate was refused, in words; null when it was accepted.</summary>
    public string? Refusal { get; set; }
}
