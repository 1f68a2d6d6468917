using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>What anyone may see of a certificate: never its key.</summary>
public sealed record CertificateDetails(
    string Subject,
    IReadOnlyList<string> SubjectAlternativeNames,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Sha256,
    bool SelfSigned)
{
    public static CertificateDetails Of(X509Certificate2 certificate) => new(
        certificate.Subject,
        AlternativeNames(certificate),
        certificate.Issuer,
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        Fingerprint(certificate),
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData));

    /// <summary>Whether <paramref name="now"/> falls within the certificate's validity, both ends included.</summary>
    public bool IsValidAt(DateTimeOffset now) => NotBefore <= now && now <= NotAfter;

    /// <summary>Lower-case hex SHA-256 of the certificate, without separators.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();

    private static string[] AlternativeNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return extension is null
            ? []
            : [.. extension.EnumerateDnsNames(), .. extension.EnumerateIPAddresses().Select(a => a.ToString())];
    }
}
