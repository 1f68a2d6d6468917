using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrchestratorConsole.Testing;

/// <summary>Self-signed certificates made by the test itself, for settings that take a PKCS#12 file.</summary>
public static class TestCertificates
{
    /// <summary>Writes a self-signed RSA certificate with its private key to <paramref name="path"/>, protected by <paramref name="password"/>.</summary>
    public static string WritePkcs12(string path, string password, string subject = "CN=Orchestrator Console key ring test")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>A self-signed ECDSA P-256 server certificate with its key, valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (default: a day ago to a year on).</summary>
    public static X509Certificate2 Server(string subject = "CN=imported.example.com", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(subject.Replace("CN=", string.Empty, StringComparison.Ordinal));
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A self-signed RSA server certificate with a key of <paramref name="bits"/>.</summary>
    public static X509Certificate2 RsaServer(int bits, string subject = "CN=rsa.example.com")
    {
        using var key = RSA.Create(bits);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>The certificate and its unencrypted PKCS#8 key, PEM, as one file.</summary>
    public static byte[] Pem(X509Certificate2 certificate) =>
        System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n" + PrivateKeyPem(certificate));

    /// <summary>The certificate's unencrypted PKCS#8 private key, PEM.</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem();
    }
}
