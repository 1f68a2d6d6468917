using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Database;

/// <summary><c>sslMode</c> and the encryption report of <c>POST /api/database/test</c>, against the test server (TLS on).</summary>
public sealed class DatabaseTlsApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private static string ServerSha256 => CertificateDetails.Fingerprint(X509Certificate2.CreateFromPem(TestPostgres.ServerCertificatePem));

    [Fact]
    public async Task VerifyFull_is_refused_until_the_CA_is_in_SSL_trust_then_reports_the_servers_certificate()
    {
        // A node of its own: its SSL trust list lives in its embedded database, which the other tests here may move.
        await using var node = new ConsoleFactory();
        using var admin = await node.AdminAsync();
        var settings = Settings("VerifyFull");

        using (var refused = await admin.Post("/api/database/test", settings))
        {
            var result = await refused.ShouldBeOkAsync();
            Assert.False((bool)result["ok"]!);
            var check = result["checks"]!.AsArray().Single()!;
            Assert.Equal("Certificate", (string?)check["name"]);
            Assert.Contains($"is not trusted: CN=localhost, issued by CN=Orchestrator test database CA, sha256 {ServerSha256}", (string?)check["message"]);
            Assert.Equal(ServerSha256, (string?)result["encryption"]?["certificate"]?["sha256"]);
        }

        using (var trust = await admin.Post("/api/trust", new { pem = TestPostgres.CaCertificatePem }))
        {
            await trust.ShouldBeOkAsync();
        }

        using var accepted = await admin.Post("/api/database/test", settings);
        var passed = await accepted.ShouldBeOkAsync();
        Assert.True((bool)passed["ok"]!, passed.ToJsonString());
        var encryption = passed["encryption"]!;
        Assert.True((bool)encryption["encrypted"]!);
        Assert.StartsWith("TLS", (string?)encryption["protocol"]);
        Assert.False(string.IsNullOrEmpty((string?)encryption["cipher"]));
        Assert.Equal(ServerSha256, (string?)encryption["certificate"]?["sha256"]);
        Assert.Contains("localhost", encryption["certificate"]!["subjectAlternativeNames"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task Disable_reports_a_connection_in_clear()
    {
        using var admin = await console.AdminAsync();

        using var response = await admin.Post("/api/database/test", Settings("Disable"));

        var result = await response.ShouldBeOkAsync();
        Assert.True((bool)result["ok"]!, result.ToJsonString());
        Assert.False((bool)result["encryption"]!["encrypted"]!);
        Assert.Null(result["encryption"]!["certificate"]);
    }

    [Fact]
    public async Task The_TLS_mode_is_saved_and_read_back_and_a_mode_that_does_not_exist_is_refused()
    {
        using var admin = await console.AdminAsync();
        var body = Settings("Require");
        body["version"] = (int)(await admin.GetOkAsync("/api/configuration/database"))["version"]!;

        using (var save = await admin.Put("/api/configuration/database", body))
        {
            Assert.Equal("Require", (string?)(await save.ShouldBeOkAsync())["sslMode"]);
        }

        var saved = await admin.GetOkAsync("/api/configuration/database");
        Assert.Equal("Require", (string?)saved["sslMode"]);
        saved["sslMode"] = "VerifyCA";
        using var refused = await admin.Put("/api/configuration/database", saved);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private static JsonObject Settings(string sslMode)
    {
        var server = TestPostgres.Admin;
        return new JsonObject
        {
            ["type"] = "PostgreSQL",
            ["host"] = server.Host,
            ["port"] = server.Port,
            ["databaseName"] = "postgres",
            ["userName"] = server.Username,
            ["password"] = server.Password,
            ["sslMode"] = sslMode,
        };
    }
}
