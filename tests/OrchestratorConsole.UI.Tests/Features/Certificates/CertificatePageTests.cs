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
}
