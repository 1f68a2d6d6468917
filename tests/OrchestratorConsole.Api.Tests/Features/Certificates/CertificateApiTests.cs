using System.Net;
using System.Security.Cryptography.X509Certificates;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Certificates;

/// <summary><c>/api/certificate</c>: every role reads the node's certificate, only an Administrator replaces it.</summary>
public sealed class CertificateApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Any_role_reads_the_certificate_with_a_lower_case_hex_fingerprint_and_no_key()
    {
        using var reviewer = await console.ClientAsync(await console.CreateAccountAsync("Reviewer", "reviewer"), ConsoleFactory.UserPassword);

        var certificate = await reviewer.GetOkAsync("/api/certificate");

        Assert.Matches("^[0-9a-f]{64}$", (string?)certificate["sha256"]);
        Assert.StartsWith("CN=", (string?)certificate["subject"]);
        Assert.StartsWith("CN=", (string?)certificate["issuer"]);
        // The class's other tests may have replaced the self-made certificate (whose names include localhost).
        Assert.NotEmpty(certificate["subjectAlternativeNames"]!.AsArray());
        Assert.True(DateTimeOffset.Parse((string)certificate["notAfter"]!) > DateTimeOffset.Parse((string)certificate["notBefore"]!));
        Assert.DoesNotContain("PRIVATE", certificate.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_administrator_imports_a_PKCS12_file_and_reads_it_back_at_once()
    {
        using var admin = await console.AdminAsync();
        using var imported = TestCertificates.Server("CN=api.example.com");

        using var response = await admin.PostCertificateAsync(imported.Export(X509ContentType.Pkcs12, "p12-pass"), "p12-pass", Ct);
        var answer = await response.ShouldBeOkAsync();

        var sha256 = imported.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant();
        Assert.Equal(sha256, (string?)answer["sha256"]);
        Assert.Equal(sha256, (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"]);
        Assert.Equal("CN=api.example.com", (string?)(await admin.GetOkAsync("/api/certificate"))["subject"]);
    }

    [Fact]
    public async Task A_reviewer_is_refused_with_403_before_the_upload_is_read()
    {
        using var reviewer = await console.ClientAsync(await console.CreateAccountAsync("Reviewer", "reviewer"), ConsoleFactory.UserPassword);
        using var admin = await console.AdminAsync();
        var before = (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"];
        using var imported = TestCertificates.Server();

        using var refused = await reviewer.PostCertificateAsync(TestCertificates.Pem(imported), null, Ct);
        await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        // Far beyond the upload limit: a 403, not a 413, shows that the role was refused before the body was read.
        using var oversized = await reviewer.PostCertificateAsync(new byte[1024 * 1024], null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, oversized.StatusCode);

        Assert.Equal(before, (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"]);
    }

    [Fact]
    public async Task A_bad_file_is_a_400_naming_the_problem_and_changes_nothing()
    {
        using var admin = await console.AdminAsync();
        var before = (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"];
        using var certificate = TestCertificates.Server();

        using var noKey = await admin.PostCertificateAsync(System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()), null, Ct);
        var problem = await noKey.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("no private key", problem.Detail);

        using var wrongPassword = await admin.PostCertificateAsync(certificate.Export(X509ContentType.Pkcs12, "right"), "wrong", Ct);
        Assert.NotEmpty((await wrongPassword.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("password"));

        using var expired = await admin.PostCertificateAsync(
            TestCertificates.Pem(TestCertificates.Server(notBefore: DateTimeOffset.UtcNow.AddYears(-2), notAfter: DateTimeOffset.UtcNow.AddDays(-1))), null, Ct);
        Assert.Contains("expired", (await expired.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail);

        using var oversized = await admin.PostCertificateAsync(new byte[100 * 1024], null, Ct);
        Assert.True(oversized.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{oversized.StatusCode}");

        Assert.Equal(before, (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"]);
    }
}
