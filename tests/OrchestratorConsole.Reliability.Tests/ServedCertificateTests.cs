using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>A real node on HTTPS serves the certificate /api/certificate describes, and an imported one from the next connection on, without a restart.</summary>
public sealed class ServedCertificateTests
{
    private const string AdminName = "vmware";
    private const string AdminPassword = "Admin-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_node_serves_its_certificate_and_an_imported_one_on_the_next_connection_without_a_restart()
    {
        await using var node = await ConsoleNode.StartWithHttpsAsync(new Dictionary<string, string> { ["Accounts:InitialAdminPassword"] = AdminPassword }, Ct);
        var processId = node.ProcessId;
        using var admin = node.CreateClient(await node.GetTokenAsync(AdminName, AdminPassword, Ct));

        var described = await admin.GetFromJsonAsync<JsonObject>("/api/certificate", Ct);
        var (firstServed, firstAnswer) = await ServedOverNewConnectionAsync(node.HttpsAddress!);
        Assert.Equal((string?)described!["sha256"], Fingerprint(firstServed));
        Assert.Equal(HttpStatusCode.OK, firstAnswer);
        Assert.Contains("127.0.0.1", described["subjectAlternativeNames"]!.AsArray().Select(n => (string?)n));

        using var imported = TestCertificates.Server("CN=served.example.com");
        using (var response = await admin.PostCertificateAsync(imported.Export(X509ContentType.Pkcs12, "served"), "served", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (secondServed, secondAnswer) = await ServedOverNewConnectionAsync(node.HttpsAddress!);
        Assert.Equal(Fingerprint(imported), Fingerprint(secondServed));
        Assert.NotEqual(Fingerprint(firstServed), Fingerprint(secondServed));
        Assert.Equal(HttpStatusCode.OK, secondAnswer);
        Assert.Equal(processId, node.ProcessId);
    }

    /// <summary>One request over a fresh handler (so a fresh TLS connection), capturing the certificate the node presents.</summary>
    private static async Task<(X509Certificate2 Certificate, HttpStatusCode Status)> ServedOverNewConnectionAsync(Uri address)
    {
        X509Certificate2? served = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                // The test checks the certificate itself: it captures what was presented and accepts it.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync("/health/ready", Ct);
        return (served ?? throw new InvalidOperationException("No certificate was presented."), response.StatusCode);
    }

    private static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
