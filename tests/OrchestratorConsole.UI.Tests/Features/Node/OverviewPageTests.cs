using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.UI.Features.Node;

namespace OrchestratorConsole.UI.Tests.Features.Node;

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

        Assert.Equal("/database", page.Find("[data-testid=section-database] a").GetAttribute("href"));
    }

    [Fact]
    public async Task A_section_with_a_broken_rule_is_red_and_says_what_is_wrong()
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Cancellation);
        await configuration.SaveAsync(new Actor("vmware", new HashSet<string> { Roles.Administrator }), new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "127.0.0.1", Port = 1, DatabaseName = "orchestrator", UserName = "orch" }, current.Version, null, Cancellation);
        await Node.GetRequiredService<DatabaseStatusService>().RefreshAsync(Cancellation);
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<OverviewPage>().Page;

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=section-database]").GetAttribute("data-valid")));
        page.WaitForAssertion(() => Assert.Contains("Nothing accepts connections at 127.0.0.1:1", page.Find("[data-testid=section-database]").TextContent));
        Assert.Equal("true", page.Find("[data-testid=section-general]").GetAttribute("data-valid"));
    }
}
