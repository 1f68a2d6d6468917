using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrchestratorConsole.Core.Features.Certificates;

namespace OrchestratorConsole.Core.Tests.Features.Certificates;

/// <summary>The certificate a node makes at first start.</summary>
public sealed class SelfSignedServerCertificateTests() : ServerCertificateTest(NodeStore.Sqlite, new Dictionary<string, string?> { ["Node:PublicUrl"] = "https://console.example.com:8283" })
{
    [Fact]
    public void A_fresh_node_makes_a_self_signed_P256_certificate_for_its_names_valid_for_a_year()
    {
        var certificate = Certificates.Current!;
        var details = Certificates.Details;

        Assert.True(certificate.HasPrivateKey);
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value); // P-256
        Assert.True(details.SelfSigned);
        Assert.Equal(details.Subject, details.Issuer);
        Assert.Equal($"CN={Dns.GetHostName()}", details.Subject);
        Assert.Equal(
            new[] { Dns.GetHostName(), "localhost", "console.example.com", "127.0.0.1", "::1" }.Order(StringComparer.OrdinalIgnoreCase),
            details.SubjectAlternativeNames.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(Start.AddDays(365), details.NotAfter);
        Assert.True(details.NotBefore <= Start && details.NotBefore > Start.AddHours(-1));
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(usage.EnhancedKeyUsages.Cast<Oid>()).Value);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
    }

    [Fact]
    public async Task The_fingerprint_is_the_certificates_SHA256_in_lower_case_hex()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Certificates.Current!.RawData));

        Assert.Equal(expected, Certificates.Details.Sha256);
        Assert.Equal(expected, (await StoredAsync()).Sha256);
    }

    [Fact]
    public async Task A_restarted_node_keeps_its_certificate_and_does_not_make_another()
    {
        var before = Certificates.Details.Sha256;

        await using var restarted = await RestartAsync();

        Assert.Equal(before, restarted.Get<ServerCertificateService>().Details.Sha256);
        Assert.True(restarted.Get<ServerCertificateService>().Current!.HasPrivateKey);
    }
}
