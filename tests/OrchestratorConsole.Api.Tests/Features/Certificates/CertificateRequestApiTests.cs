using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Certificates;

/// <summary>
/// <c>POST /api/certificate/request</c>: the node makes a key and a signing request; an authority's certificate for it
/// is imported as PEM without a key and served with the key that waited.
/// </summary>
public sealed class CertificateRequestApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> RequestAsync(HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/certificate/request", body, Ct);

    [Fact]
    public async Task A_certificate_signed_for_the_request_is_imported_without_a_key_and_served()
    {
        using var admin = await console.AdminAsync();
        var before = (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"];

        using var response = await RequestAsync(admin, new { subject = "CN=node1.example.com, O=Example", subjectAlternativeNames = new[] { "node1.example.com", "10.0.0.5" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csr = await response.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", csr);
        Assert.DoesNotContain("PRIVATE KEY", csr);
        var request = CertificateRequest.LoadSigningRequestPem(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Equal("CN=node1.example.com, O=Example", request.SubjectName.Name);
        var names = request.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["node1.example.com"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.5")], names.EnumerateIPAddresses());
        // Nothing served changes until the signed certificate comes back.
        Assert.Equal(before, (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"]);

        // An authority signs it; its answer is the certificate and the authority's certificate, no key.
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Example Test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(16));
        var answer = Encoding.UTF8.GetBytes(signed.ExportCertificatePem() + "\n" + authority.ExportCertificatePem());

        using var import = await admin.PostCertificateAsync(answer, null, Ct);

        var served = await import.ShouldBeOkAsync();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(signed.RawData));
        Assert.Equal(sha256, (string?)served["sha256"]);
        Assert.Equal("CN=Example Test CA", (string?)served["issuer"]);
        Assert.Equal(sha256, (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"]);
        var audit = (await admin.GetOkAsync("/api/audit?action=certificate.request"))["items"]!.AsArray();
        Assert.Contains(audit, a => ((string)a!["detail"]!).Contains("CN=node1.example.com", StringComparison.Ordinal));

        // The request is answered: the same file again has no key waiting for it.
        using var again = await admin.PostCertificateAsync(answer, null, Ct);
        Assert.Contains("no private key", (await again.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail);
    }

    [Fact]
    public async Task A_certificate_signed_for_another_key_is_refused_and_changes_nothing()
    {
        using var admin = await console.AdminAsync();
        using (var response = await RequestAsync(admin, new { subject = "CN=node2.example.com", subjectAlternativeNames = new[] { "node2.example.com" } }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var before = (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"];
        using var other = TestCertificates.Server("CN=node2.example.com");

        using var import = await admin.PostCertificateAsync(Encoding.UTF8.GetBytes(other.ExportCertificatePem()), null, Ct);

        Assert.Contains("not signed for this node's pending signing request", (await import.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail);
        Assert.Equal(before, (string?)(await admin.GetOkAsync("/api/certificate"))["sha256"]);
    }

    [Theory]
    [InlineData("", "node.example.com", "subject")]
    [InlineData("not a name", "node.example.com", "subject")]
    [InlineData("CN=node.example.com", "not a host!", "subjectAlternativeNames")]
    public async Task A_bad_subject_or_name_is_refused_naming_the_field(string subject, string name, string field)
    {
        using var admin = await console.AdminAsync();

        using var response = await RequestAsync(admin, new { subject, subjectAlternativeNames = new[] { name } });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors!.Select(e => e.Key));
    }

    [Fact]
    public async Task A_reviewer_is_refused_before_the_body_is_read()
    {
        using var reviewer = await console.ClientAsync(await console.CreateAccountAsync("Reviewer", "csr-reviewer"), ConsoleFactory.UserPassword);

        using var response = await RequestAsync(reviewer, new { subject = "CN=x", subjectAlternativeNames = new[] { "x.example.com" } });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
