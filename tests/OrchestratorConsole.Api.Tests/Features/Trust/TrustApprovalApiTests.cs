using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Trust;

/// <summary>
/// <c>/api/trust/approvals</c>: a node's renewed certificate awaiting approval is listed for every role, and only an
/// Administrator approves (it joins the trust list) or rejects it.
/// </summary>
public sealed class TrustApprovalApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Another node's renewal, as its certificate check writes it into the shared database; returns its fingerprint.</summary>
    private async Task<string> AwaitingAsync(string subject)
    {
        using var renewed = TestCertificates.Server(subject);
        var replaced = new string('a', 64);
        await console.Services.GetRequiredService<TrustService>().RequestApprovalAsync(renewed, replaced, Guid.NewGuid(), "node-2", Ct);
        return Convert.ToHexStringLower(SHA256.HashData(renewed.RawData));
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Support)]
    public async Task Only_an_administrator_approves_or_rejects_a_renewal_other_roles_are_refused(string role)
    {
        var sha256 = await AwaitingAsync($"CN=refused-{role.ToLowerInvariant()}.example.com");
        using var user = await console.ClientAsync(await console.CreateAccountAsync(role, "approver"), ConsoleFactory.UserPassword);

        using (var approve = await user.Post($"/api/trust/approvals/{sha256}/approve"))
        {
            await approve.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var reject = await user.Post($"/api/trust/approvals/{sha256}/reject"))
        {
            await reject.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        // Every role sees it waiting, untouched.
        Assert.Contains(await user.GetArrayAsync("/api/trust/approvals"), a => (string?)a!["sha256"] == sha256);
        Assert.DoesNotContain(await user.GetArrayAsync("/api/trust"), t => (string?)t!["sha256"] == sha256);
    }

    [Fact]
    public async Task An_administrator_approves_one_renewal_into_the_trust_list_and_rejects_another()
    {
        var approved = await AwaitingAsync("CN=approved.example.com");
        var rejected = await AwaitingAsync("CN=rejected.example.com");
        using var admin = await console.AdminAsync();
        var listed = await admin.GetArrayAsync("/api/trust/approvals");
        var entry = Assert.Single(listed, a => (string?)a!["sha256"] == approved)!;
        Assert.Equal("node-2", (string?)entry["nodeName"]);
        Assert.Equal(new string('a', 64), (string?)entry["replacesSha256"]);
        Assert.Equal("CN=approved.example.com", (string?)entry["subject"]);

        using (var approve = await admin.Post($"/api/trust/approvals/{approved}/approve"))
        {
            Assert.Equal(approved, (string?)(await approve.ShouldBeOkAsync())["sha256"]);
        }

        using (var reject = await admin.Post($"/api/trust/approvals/{rejected}/reject"))
        {
            await reject.ShouldBeAsync(HttpStatusCode.NoContent);
        }

        var trusted = await admin.GetArrayAsync("/api/trust");
        Assert.Contains(trusted, t => (string?)t!["sha256"] == approved);
        Assert.DoesNotContain(trusted, t => (string?)t!["sha256"] == rejected);
        var waiting = await admin.GetArrayAsync("/api/trust/approvals");
        Assert.DoesNotContain(waiting, a => (string?)a!["sha256"] == approved || (string?)a!["sha256"] == rejected);
        Assert.Contains(approved, (string)Assert.Single((await admin.GetOkAsync("/api/audit?action=trust.approve"))["items"]!.AsArray())!["detail"]!, StringComparison.Ordinal);
        Assert.Contains(rejected, (string)Assert.Single((await admin.GetOkAsync("/api/audit?action=trust.reject"))["items"]!.AsArray())!["detail"]!, StringComparison.Ordinal);

        // Decided: a second decision finds nothing awaiting.
        using var again = await admin.Post($"/api/trust/approvals/{rejected}/approve");
        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
