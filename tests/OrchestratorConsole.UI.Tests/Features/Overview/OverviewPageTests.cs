using Bunit;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.Overview;

namespace OrchestratorConsole.UI.Tests.Features.Overview;

public sealed class OverviewPageTests : ConsoleTestContext
{
    [Fact]
    public void A_fresh_node_shows_every_section_green()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<OverviewPage>().Page;

        page.WaitForAssertion(() => Assert.Equal(ConfigurationRegistry.Sections.Count, page.FindAll("[data-testid^=section-]").Count));
        foreach (var section in ConfigurationRegistry.Sections)
        {
            var item = page.Find($"[data-testid=section-{section.Name}]");
            Assert.Equal("true", item.GetAttribute("data-valid"));
            Assert.Contains($"{section.Title}: valid", item.TextContent);
        }
    }
}
