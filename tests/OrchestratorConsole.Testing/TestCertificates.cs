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

    /// <summary>
    /// A root authority, an intermediate it signed, and a server certificate (with its key) for localhost and
    /// 127.0.0.1 that the intermediate signed: a chain no system store vouches for.
    /// </summary>
    public static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf) Chain(string subject = "CN=chained.example.com")
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-2), now.AddYears(5));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=Test Intermediate CA", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        using var intermediateSigned = intermediateRequest.Create(root, now.AddDays(-2), now.AddYears(3), RandomNumberGenerator.GetBytes(16));
        var intermediate = intermediateSigned.CopyWithPrivateKey(intermediateKey);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest(subject, leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leafSigned = leafRequest.Create(intermediate, now.AddDays(-1), now.AddYears(1), RandomNumberGenerator.GetBytes(16));
        return (root, X509CertificateLoader.LoadCertificate(intermediate.RawData), leafSigned.CopyWithPrivateKey(leafKey));
    }
}
