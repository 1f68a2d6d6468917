using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Certificates;

/// <summary>Importing a certificate: PKCS#12 and PEM taken and served; every refused file changes nothing; the key is stored only encrypted.</summary>
public abstract class ServerCertificateImportTests(NodeStore store) : ServerCertificateTest(store)
{
    private const string Password = "pkcs12-password";

    [Fact]
    public async Task A_PKCS12_file_with_its_password_replaces_the_certificate_and_is_audited()
    {
        using var imported = TestCertificates.Server();

        var details = await Certificates.ImportAsync(TestActors.Administrator(), imported.Export(X509ContentType.Pkcs12, Password), Password, Ct);

        Assert.Equal(imported.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(), details.Sha256);
        Assert.Equal(details.Sha256, Certificates.Details.Sha256);
        Assert.Equal("CN=imported.example.com", details.Subject);
        Assert.Equal(["imported.example.com"], details.SubjectAlternativeNames);
        Assert.True(Certificates.Current!.HasPrivateKey);
        Assert.Equal(details.Sha256, (await StoredAsync()).Sha256);
        await using var db = Node.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "certificate.import", Ct);
        Assert.Equal("alice", audit.User);
        Assert.Contains("CN=imported.example.com", audit.Detail);
        Assert.Contains(details.Sha256, audit.Detail);
    }

    [Fact]
    public async Task A_PEM_file_with_certificate_and_key_replaces_the_certificate()
    {
        using var imported = TestCertificates.Server("CN=pem.example.com");

        var details = await Certificates.ImportAsync(TestActors.Administrator(), TestCertificates.Pem(imported), null, Ct);

        Assert.Equal("CN=pem.example.com", Certificates.Details.Subject);
        Assert.Equal(details.Sha256, (await StoredAsync()).Sha256);
    }

    [Fact]
    public async Task The_stored_row_holds_the_key_only_encrypted_and_a_restart_serves_the_imported_certificate()
    {
        using var imported = TestCertificates.RsaServer(2048);
        var keyPem = TestCertificates.PrivateKeyPem(imported);
        var keyBase64 = string.Concat(keyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        await Certificates.ImportAsync(TestActors.Administrator(), TestCertificates.Pem(imported), null, Ct);

        var stored = await StoredAsync();
        Assert.StartsWith("dp:", stored.ProtectedPkcs12);
        Assert.DoesNotContain("PRIVATE KEY", stored.CertificatePem + stored.ProtectedPkcs12);
        Assert.DoesNotContain(keyBase64[..40], stored.CertificatePem + stored.ProtectedPkcs12);
        Assert.Equal(imported.ExportCertificatePem().Trim(), stored.CertificatePem.Trim());

        await using var restarted = await RestartAsync();
        Assert.Equal(CertificateDetails.Fingerprint(imported), restarted.Get<ServerCertificateService>().Details.Sha256);
    }

    public static TheoryData<string> Refusals() => ["wrong password", "expired", "not yet valid", "no key", "mismatched key", "short RSA key", "not a certificate"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_file_changes_nothing(string problem)
    {
        var before = Certificates.Details;
        var storedBefore = await StoredAsync();
        var (content, password) = Refused(problem);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Certificates.ImportAsync(TestActors.Administrator(), content, password, Ct));

        Assert.Equal(before.Sha256, Certificates.Details.Sha256);
        var storedAfter = await StoredAsync();
        Assert.Equal(storedBefore.ProtectedPkcs12, storedAfter.ProtectedPkcs12);
        Assert.Equal(storedBefore.CertificatePem, storedAfter.CertificatePem);
        Assert.Contains(refused.Errors.Keys, k => k is "certificate" or "password");
        await using var db = Node.CreateDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == "certificate.import", Ct));
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_naming_its_dates()
    {
        using var expired = TestCertificates.Server(notBefore: Start.AddYears(-2), notAfter: Start.AddDays(-3));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Certificates.ImportAsync(TestActors.Administrator(), TestCertificates.Pem(expired), null, Ct));

        Assert.Contains($"{Start.AddYears(-2).UtcDateTime:u}", refused.Message);
        Assert.Contains($"{Start.AddDays(-3).UtcDateTime:u}", refused.Message);
        Assert.Contains("expired", refused.Message);
    }

    [Fact]
    public async Task A_reviewer_cannot_import()
    {
        using var imported = TestCertificates.Server();
        var before = Certificates.Details;

        await Assert.ThrowsAsync<ForbiddenException>(() => Certificates.ImportAsync(TestActors.Reviewer(), TestCertificates.Pem(imported), null, Ct));

        Assert.Equal(before.Sha256, Certificates.Details.Sha256);
    }

    private static (byte[] Content, string? Password) Refused(string problem)
    {
        using var good = TestCertificates.Server();
        using var other = TestCertificates.Server("CN=other.example.com");
        return problem switch
        {
            "wrong password" => (good.Export(X509ContentType.Pkcs12, Password), "not-the-password"),
            "expired" => (TestCertificates.Pem(TestCertificates.Server(notBefore: Start.AddYears(-2), notAfter: Start.AddDays(-1))), null),
            "not yet valid" => (TestCertificates.Pem(TestCertificates.Server(notBefore: Start.AddDays(2), notAfter: Start.AddYears(1))), null),
            "no key" => (Encoding.ASCII.GetBytes(good.ExportCertificatePem()), null),
            "mismatched key" => (Encoding.ASCII.GetBytes(good.ExportCertificatePem() + "\n" + TestCertificates.PrivateKeyPem(other)), null),
            "short RSA key" => (TestCertificates.Pem(TestCertificates.RsaServer(1024)), null),
            _ => ("not a certificate at all"u8.ToArray(), null),
        };
    }
}
