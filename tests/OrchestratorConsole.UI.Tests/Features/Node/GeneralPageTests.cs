using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.Node;

namespace OrchestratorConsole.UI.Tests.Features.Node;

public sealed class GeneralPageTests : ConsoleTestContext
{
    [Fact]
    public async Task Saving_a_new_name_creates_a_revision_by_the_user()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<GeneralPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Field("Node name").Change("orchestrator-east");
        page.Field("Comment").Change("renamed for the east site");
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("Version 2, saved by vmware", page.Find("[data-testid=saved-version]").TextContent));
        var saved = await Node.GetRequiredService<ConfigurationService>().GetAsync<GeneralSettings>(Cancellation);
        Assert.Equal("orchestrator-east", saved.Settings.Name);
    }

    [Fact]
    public async Task An_empty_name_shows_the_rule_and_is_not_saved()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<GeneralPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Field("Node name").Change(string.Empty);
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("The node name is required.", page.Markup));
        Assert.Contains("Version 1,", page.Find("[data-testid=saved-version]").TextContent);
    }

    [Fact]
    public void A_reviewer_sees_the_name_read_only()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<GeneralPage>().Page;

        page.WaitForElement("[data-testid=saved-version]");
        Assert.True(page.Field("Node name").HasAttribute("disabled"));
        Assert.False(page.HasButton("Save"));
    }
}
