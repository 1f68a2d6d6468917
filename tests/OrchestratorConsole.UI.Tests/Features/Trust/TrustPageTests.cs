using System.Security.Cryptography.X509Certificates;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.Testing;
using OrchestratorConsole.UI.Features.Trust;

namespace OrchestratorConsole.UI.Tests.Features.Trust;

public sealed class TrustPageTests : ConsoleTestContext
{
    [Fact]
    public async Task An_administrator_trusts_a_pasted_certificate_and_removes_it_after_confirming()
    {
        SignInAs(Roles.Administrator);
        using var certificate = TestCertificates.Server("CN=node2.example.com");
        var rendered = RenderPage<TrustPage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=trust-empty]");

        page.Field("Certificate (PEM)").Change(certificate.ExportCertificatePem());
        await page.ClickAsync("Trust");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=trust-entry]")));
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.RawData));
        Assert.Equal(sha256, page.Find("[data-testid=trust-entry]").GetAttribute("data-sha256"));
        Assert.Contains("CN=node2.example.com", page.Find("[data-testid=trust-entry]").TextContent);

        await page.InvokeAsync(() => { _ = page.Find("[data-testid=trust-entry] button").ClickAsync(new()); });
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Remove from the SSL trust list?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Remove");

        page.WaitForElement("[data-testid=trust-empty]");
        Assert.Empty(await Node.GetRequiredService<TrustService>().ListAsync(Cancellation));
        var removals = await Node.GetRequiredService<AuditService>().QueryAsync(new AuditQuery(Action: "trust.remove"), Cancellation);
        Assert.Contains(sha256, Assert.Single(removals.Items).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_key_pasted_as_a_certificate_is_refused_and_nothing_is_trusted()
    {
        SignInAs(Roles.Administrator);
        using var certificate = TestCertificates.Server("CN=node2.example.com");
        var page = RenderPage<TrustPage>().Page;
        page.WaitForElement("[data-testid=trust-empty]");

        page.Field("Certificate (PEM)").Change(certificate.ExportCertificatePem() + "\n" + certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await page.ClickAsync("Trust");

        page.WaitForAssertion(() => Assert.Contains("private key", page.Find("[data-testid=trust-pem-error]").TextContent));
        Assert.Empty(await Node.GetRequiredService<TrustService>().ListAsync(Cancellation));
    }

    [Fact]
    public async Task A_reviewer_sees_the_list_but_cannot_change_it()
    {
        using var certificate = TestCertificates.Server("CN=node3.example.com");
        var administrator = new OrchestratorConsole.Core.Common.Actor("vmware", new HashSet<string> { Roles.Administrator });
        await Node.GetRequiredService<TrustService>().TrustPemAsync(administrator, certificate.ExportCertificatePem(), Cancellation);
        SignInAs(Roles.Reviewer, "rita");

        var page = RenderPage<TrustPage>().Page;

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=trust-entry]")));
        Assert.False(page.HasButton("Remove"));
        Assert.Empty(page.FindAll("[data-testid=trust-from-url]"));
        Assert.Empty(page.FindAll("[data-testid=trust-from-pem]"));
    }

    [Fact]
    public async Task A_renewed_certificate_awaiting_approval_is_shown_and_an_administrator_approves_it_after_confirming()
    {
        SignInAs(Roles.Administrator);
        using var renewed = TestCertificates.Server("CN=node2.example.com");
        var replaced = new string('b', 64);
        await Node.GetRequiredService<TrustService>().RequestApprovalAsync(renewed, replaced, Guid.NewGuid(), "node-2", Cancellation);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(renewed.RawData));
        var rendered = RenderPage<TrustPage>();
        var page = rendered.Page;

        page.WaitForAssertion(() => Assert.Equal(sha256, page.Find("[data-testid=approval-entry]").GetAttribute("data-sha256")));
        var entry = page.Find("[data-testid=approval-entry]");
        Assert.Contains("Node node-2 renewed its certificate", entry.TextContent);
        Assert.Equal("CN=node2.example.com", page.Find("[data-testid=approval-subject]").TextContent.Trim());
        Assert.Contains(replaced, page.Find("[data-testid=approval-replaces]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=trust-entry]"));

        await page.StartClickButtonAsync("Approve");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Approve the renewed certificate?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Approve");

        page.WaitForAssertion(() => Assert.Equal(sha256, page.Find("[data-testid=trust-entry]").GetAttribute("data-sha256")));
        Assert.Empty(page.FindAll("[data-testid=approval-entry]"));
        Assert.Empty(await Node.GetRequiredService<TrustService>().ListAwaitingAsync(Cancellation));
        var approvals = await Node.GetRequiredService<AuditService>().QueryAsync(new AuditQuery(Action: "trust.approve"), Cancellation);
        Assert.Contains(sha256, Assert.Single(approvals.Items).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_sees_a_renewal_awaiting_approval_but_cannot_decide_it()
    {
        using var renewed = TestCertificates.Server("CN=node3.example.com");
        await Node.GetRequiredService<TrustService>().RequestApprovalAsync(renewed, new string('c', 64), Guid.NewGuid(), "node-3", Cancellation);
        SignInAs(Roles.Reviewer, "rita");

        var page = RenderPage<TrustPage>().Page;

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=approval-entry]")));
        Assert.False(page.HasButton("Approve"));
        Assert.False(page.HasButton("Reject"));
    }
}
