namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>The certificate that encrypts the Data Protection key ring at rest (the <c>DataProtection:Certificate</c> section).</summary>
public sealed class KeyRingCertificateOptions
{
    public const string SectionName = "DataProtection:Certificate";

    /// <summary>A PKCS#12 (.pfx) file with the certificate and its private key, relative to the content root unless rooted.</summary>
    public string? Path { get; set; }

    /// <summary>The password of <see cref="Path"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Instead of a file: the thumbprint of a certificate in the CurrentUser or LocalMachine "My" store.</summary>
    public string? Thumbprint { get; set; }
}
