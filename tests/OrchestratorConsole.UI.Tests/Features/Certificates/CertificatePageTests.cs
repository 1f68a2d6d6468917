using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.UI.Features.Certificates;

namespace OrchestratorConsole.UI.Tests.Features.Certificates;

public sealed class CertificatePageTests : ConsoleTestContext
{
    [Fact]
    public void An_administrator_sees_the_certificate_and_the_import()
    {
        SignInAs(Roles.Administrator);

        var page = RenderPage<CertificatePage>().Page;

        var details = Node.GetRequiredService<ServerCertificateService>().Details;
        page.WaitForAssertion(() => Assert.Equal(details.Sha256, page.Find("[data-testid=certificate-sha256]").TextContent.Trim()));
        Assert.Contains(details.Subject, page.Find("[data-testid=certificate-subject]").TextContent);
        Assert.Contains("(self-signed)", page.Markup);
        Assert.NotEmpty(page.FindAll("[data-testid=certificate-import]"));
        Assert.True(page.HasButton("Import"));
        Assert.Contains("No file chosen", page.Find("[data-testid=certificate-file-name]").TextContent);
    }

    [Fact]
    public void A_reviewer_sees_the_certificate_but_no_import()
    {
        SignInAs(Roles.Reviewer, "rita");

        var page = RenderPage<CertificatePage>().Page;

        var details = Node.GetRequiredService<ServerCertificateService>().Details;
        page.WaitForAssertion(() => Assert.Equal(details.Sha256, page.Find("[data-testid=certificate-sha256]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=certificate-import]"));
        Assert.False(page.HasButton("Import"));
    }

    [Fact]
    public async Task An_administrator_generates_a_signing_request_for_the_node_s_names()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<CertificatePage>().Page;
        page.WaitForElement("[data-testid=certificate-request]");
        Assert.Empty(page.FindAll("[data-testid=certificate-request-pending]"));

        page.Field("Subject").Change("CN=node1.example.com");
        page.Field("Alternative names").Change("node1.example.com, 10.0.0.5");
        await page.ClickAsync("Generate request");

        page.WaitForAssertion(() => Assert.Contains("-----BEGIN CERTIFICATE REQUEST-----", page.Find("[data-testid=certificate-request-pem]").OuterHtml));
        Assert.NotEmpty(page.FindAll("[data-testid=certificate-request-pending]"));
        Assert.True(await Node.GetRequiredService<ServerCertificateService>().HasPendingRequestAsync(Cancellation));
    }

    [Fact]
    public async Task A_name_that_is_no_host_is_refused_in_the_panel_and_no_request_waits()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<CertificatePage>().Page;
        page.WaitForElement("[data-testid=certificate-request]");

        page.Field("Alternative names").Change("not a host!");
        await page.ClickAsync("Generate request");

        page.WaitForAssertion(() => Assert.Contains("'not a host!' is neither a host name nor an IP address", page.Find("[data-testid=certificate-request-error]").TextContent));
        Assert.False(await Node.GetRequiredService<ServerCertificateService>().HasPendingRequestAsync(Cancellation));
    }
}
