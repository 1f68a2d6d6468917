using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.UI.Features.Logs;

namespace OrchestratorConsole.UI.Tests.Features.Logs;

public sealed class LogPageTests : ConsoleTestContext
{
    [Fact]
    public void The_page_shows_the_recent_lines_of_the_node_log()
    {
        SignInAs(Roles.Support, "support");

        var page = RenderPage<LogPage>().Page;

        page.WaitForAssertion(() => Assert.Contains("ready; data directory", page.Find("[data-testid=log-lines]").TextContent));
        Assert.False(page.HasButton("Save"));
        Assert.True(page.HasButton("Refresh"));
    }

    [Fact]
    public async Task An_administrator_sets_the_log_level_and_it_applies_at_once()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<LogPage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=saved-version]");

        await page.InvokeAsync(() => page.Find("[data-testid=log-level] .mud-input-control, [data-testid=log-level]").MouseDownAsync(new()));
        rendered.Popovers.WaitForAssertion(() => Assert.Contains(rendered.Popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "DEBUG"));
        await rendered.Popovers.InvokeAsync(() => rendered.Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "DEBUG").ClickAsync(new()));
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("Version 2", page.Find("[data-testid=saved-version]").TextContent));
        var saved = await Node.GetRequiredService<ConfigurationService>().GetAsync<LogSettings>(Cancellation);
        Assert.Equal("DEBUG", saved.Settings.Level);
        var log = Node.GetRequiredService<NodeLog>();
        page.WaitForAssertion(() => Assert.Equal(LogLevel.Debug, log.MinimumLevel));
    }
}
