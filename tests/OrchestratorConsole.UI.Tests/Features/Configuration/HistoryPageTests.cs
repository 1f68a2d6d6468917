using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.Configuration;

namespace OrchestratorConsole.UI.Tests.Features.Configuration;

public sealed class HistoryPageTests : ConsoleTestContext
{
    private static readonly Actor Admin = new("vmware", new HashSet<string> { Roles.Administrator });

    [Fact]
    public async Task Selecting_two_revisions_shows_the_fields_that_differ()
    {
        var (first, second) = await RenameNodeTwiceAsync();
        SignInAs(Roles.Reviewer, "reviewer");
        var page = RenderPage<HistoryPage>().Page;
        page.WaitForAssertion(() => Assert.Contains("second name", page.Find("[data-testid=revisions]").TextContent));

        await SelectAsync(page, first);
        await SelectAsync(page, second);
        await page.ClickAsync("Compare selected");

        var diff = page.WaitForElement("[data-testid=revision-diff]");
        var row = diff.QuerySelector("tr[data-field='general.name']")!;
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal(["name", "node-alpha", "node-beta"], cells);
        Assert.Contains("description", diff.TextContent);
        Assert.Null(diff.QuerySelector("tr[data-field='database.host']"));
    }

    [Fact]
    public async Task The_history_lists_each_revision_with_author_and_comment()
    {
        await RenameNodeTwiceAsync();
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<HistoryPage>().Page;

        page.WaitForAssertion(() => Assert.Contains("second name", page.Find("[data-testid=revisions]").TextContent));
        var text = page.Find("[data-testid=revisions]").TextContent;
        Assert.Contains("Initial configuration", text);
        Assert.Contains("vmware", text);
        Assert.False(page.HasButton("Restore"));
    }

    [Fact]
    public async Task An_administrator_restores_a_revision_after_confirming()
    {
        var (first, _) = await RenameNodeTwiceAsync();
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<HistoryPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.Contains("second name", page.Find("[data-testid=revisions]").TextContent));

        await page.StartClickAsync($"button[aria-label='Restore revision {first}']");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("as a new revision?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Restore");

        page.WaitForAssertion(() => Assert.Contains($"restore of revision {first}", page.Find("[data-testid=revisions]").TextContent));
        var general = await Node.GetRequiredService<ConfigurationService>().GetAsync<GeneralSettings>(Cancellation);
        Assert.Equal("node-alpha", general.Settings.Name);
        Assert.Equal(4, general.Version);
    }

    private static async Task SelectAsync(IRenderedComponent<HistoryPage> page, long id) =>
        await page.InvokeAsync(() => page.Find($"[data-testid=select-{id}] input, input[data-testid=select-{id}]").ChangeAsync(new() { Value = true }));

    private async Task<(long First, long Second)> RenameNodeTwiceAsync()
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<GeneralSettings>(Cancellation);
        current = await configuration.SaveAsync(Admin, new GeneralSettings { Name = "node-alpha" }, current.Version, "first name", Cancellation);
        await configuration.SaveAsync(Admin, new GeneralSettings { Name = "node-beta", Description = "Rack 4" }, current.Version, "second name", Cancellation);
        var revisions = await configuration.History.ListRevisionsAsync(ConfigurationRegistry.General, 0, 2, Cancellation);
        return (revisions.Items[1].Id, revisions.Items[0].Id);
    }
}
