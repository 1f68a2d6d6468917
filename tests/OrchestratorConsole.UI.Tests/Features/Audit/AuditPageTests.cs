using Bunit;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI.Features.Audit;

namespace OrchestratorConsole.UI.Tests.Features.Audit;

public sealed class AuditPageTests : ConsoleTestContext
{
    [Fact]
    public async Task The_audit_trail_shows_the_first_start_and_filters_by_user()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var page = RenderPage<AuditPage>().Page;
        page.WaitForAssertion(() => Assert.Contains("database.install", page.Find("[data-testid=audit-events]").TextContent));

        page.Field("User").Change("nobody");
        await page.ClickAsync("Apply filters");

        page.WaitForAssertion(() => Assert.Contains("No audit events match.", page.Find("[data-testid=audit-events]").TextContent));
        Assert.DoesNotContain("database.install", page.Find("[data-testid=audit-events]").TextContent);
    }
}
