using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.ConfigurationTransfer;

/// <summary>
/// Node B joins node A over HTTPS on loopback: two console processes, each serving a self-signed certificate of its
/// own that no system store vouches for. B refuses A's certificate until an administrator approves it, trusts it from
/// then on, and refuses it again once A's certificate changes.
/// </summary>
public sealed class JoinTrustTests : IAsyncLifetime
{
    private ConsoleNode _a = null!;
    private ConsoleNode _b = null!;
    private HttpClient _adminA = null!;
    private HttpClient _adminB = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var nodes = await ConsoleNodes.AllStartedAsync(
            ConsoleNode.StartWithHttpsAsync(NodeApi.AdminSettings, Ct),
            ConsoleNode.StartWithHttpsAsync(NodeApi.AdminSettings, Ct));
        (_a, _b) = (nodes[0], nodes[1]);
        _adminA = _a.CreateClient(await _a.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword, Ct));
        _adminB = _b.CreateClient(await _b.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword, Ct));
        _adminB.Timeout = TimeSpan.FromSeconds(180);
    }

    public async ValueTask DisposeAsync()
    {
        _adminA?.Dispose();
        _adminB?.Dispose();
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }

    private Task<HttpResponseMessage> JoinAsync(string? trustedCertificateSha256 = null) =>
        _adminB.Post("/api/cluster/join", new { nodeUrl = _a.HttpsAddress!.ToString(), userName = NodeApi.AdminName, password = NodeApi.AdminPassword, trustedCertificateSha256 });

    private static string Origin(Uri address) => address.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Join_is_refused_until_the_certificate_is_approved_and_again_when_it_changes()
    {
        var certificateOfA = (string)(await _adminA.GetOkAsync("/api/certificate"))["sha256"]!;
        var certificateOfB = (string)(await _adminB.GetOkAsync("/api/certificate"))["sha256"]!;
        var cluster = await _adminA.GetOkAsync("/api/configuration/cluster");
        using (var save = await _adminA.Put("/api/configuration/cluster", new { version = (int)cluster["version"]!, heartbeatIntervalMs = 2500, failoverHeartbeats = 6 }))
        {
            await save.ShouldBeOkAsync();
        }

        var clusterOfB = await _adminB.GetOkAsync("/api/configuration/cluster");

        // Not trusted: 409 with the certificate to approve, and nothing changed on B.
        using (var refused = await JoinAsync())
        {
            var body = (await refused.ShouldBeAsync(HttpStatusCode.Conflict))!.AsObject();
            Assert.Equal("Certificate not trusted", (string?)body["title"]);
            Assert.Equal(certificateOfA, (string?)body["certificate"]!["sha256"]);
            Assert.False(string.IsNullOrEmpty((string?)body["certificate"]!["subject"]));
            Assert.NotNull(body["certificate"]!["notAfter"]);
            Assert.Contains(certificateOfA, (string)body["detail"]!, StringComparison.Ordinal);
        }

        Assert.Equal(clusterOfB.ToJsonString(), (await _adminB.GetOkAsync("/api/configuration/cluster")).ToJsonString());
        Assert.Empty((await _adminB.GetOkAsync("/api/audit?action=cluster.join"))["items"]!.AsArray());
        Assert.Empty(await _adminB.GetArrayAsync("/api/trust"));

        // An approval of another certificate trusts nothing.
        using (var wrong = await JoinAsync(new string('0', 64)))
        {
            await wrong.ShouldBeAsync(HttpStatusCode.Conflict);
        }

        using (var malformed = await JoinAsync("not-a-fingerprint"))
        {
            var problem = await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("trustedCertificateSha256", problem.Errors!.Select(e => e.Key));
        }

        // Approved: B joins, and both certificates are in the trust list B now shares.
        using (var approved = await JoinAsync(certificateOfA))
        {
            await approved.ShouldBeOkAsync();
        }

        var joined = await _adminB.GetOkAsync("/api/configuration/cluster");
        Assert.Equal((2500, 6), ((int)joined["heartbeatIntervalMs"]!, (int)joined["failoverHeartbeats"]!));
        var trusted = await _adminB.GetArrayAsync("/api/trust");
        var entryOfA = Assert.Single(trusted, t => (string?)t!["sha256"] == certificateOfA)!;
        Assert.Equal(Origin(_a.HttpsAddress!), (string?)entryOfA["address"]);
        Assert.Equal(NodeApi.AdminName, (string?)entryOfA["addedBy"]);
        Assert.Contains(trusted, t => (string?)t!["sha256"] == certificateOfB);

        // Trusted now: no approval needed.
        using (var again = await JoinAsync())
        {
            await again.ShouldBeOkAsync();
        }

        // A's certificate changes: refused, naming the old and the new fingerprint.
        using var renewed = TestCertificates.Server("CN=node-a.example.com");
        using (var import = await _adminA.PostCertificateAsync(renewed.Export(X509ContentType.Pkcs12, "renewed"), "renewed", Ct))
        {
            await import.ShouldBeOkAsync();
        }

        var newCertificateOfA = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(renewed.RawData));
        using (var changed = await JoinAsync())
        {
            var body = (await changed.ShouldBeAsync(HttpStatusCode.Conflict))!.AsObject();
            Assert.Equal("Certificate changed", (string?)body["title"]);
            Assert.Equal(newCertificateOfA, (string?)body["certificate"]!["sha256"]);
            Assert.Equal(certificateOfA, (string?)body["previousSha256"]);
            Assert.Contains(certificateOfA, (string)body["detail"]!, StringComparison.Ordinal);
            Assert.Contains(newCertificateOfA, (string)body["detail"]!, StringComparison.Ordinal);
        }

        // Re-approved: accepted, and the new certificate replaces the old one for A's address.
        using (var reapproved = await JoinAsync(newCertificateOfA))
        {
            await reapproved.ShouldBeOkAsync();
        }

        trusted = await _adminB.GetArrayAsync("/api/trust");
        Assert.Contains(trusted, t => (string?)t!["sha256"] == newCertificateOfA);
        Assert.DoesNotContain(trusted, t => (string?)t!["sha256"] == certificateOfA);

        // Removed from the list: refused again at the next call, and the removal is audited.
        using (var remove = await _adminB.Delete($"/api/trust/{newCertificateOfA}"))
        {
            await remove.ShouldBeAsync(HttpStatusCode.NoContent);
        }

        using (var afterRemoval = await JoinAsync())
        {
            var body = (await afterRemoval.ShouldBeAsync(HttpStatusCode.Conflict))!.AsObject();
            Assert.Equal("Certificate not trusted", (string?)body["title"]);
        }

        var removals = (await _adminB.GetOkAsync("/api/audit?action=trust.remove"))["items"]!.AsArray();
        Assert.Contains(newCertificateOfA, (string)Assert.Single(removals)!["detail"]!, StringComparison.Ordinal);
    }
}
