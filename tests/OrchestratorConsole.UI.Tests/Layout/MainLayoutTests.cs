using Bunit;
using Microsoft.AspNetCore.Components;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI.Layout;

namespace OrchestratorConsole.UI.Tests.Layout;

public sealed class MainLayoutTests : ConsoleTestContext
{
    [Fact]
    public void The_shell_shows_the_side_menu_and_the_server_stopped()
    {
        SignInAs(Roles.Administrator);

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        var links = layout.FindAll("nav a, .mud-nav-link").Select(a => a.GetAttribute("href")).Where(h => h is not null).Distinct().ToList();
        Assert.Contains("/", links);
        Assert.Contains("/general", links);
        Assert.Contains("/database", links);
        Assert.Contains("/history", links);
        Assert.Contains("/audit", links);
        Assert.Contains("/log", links);
        Assert.Contains("/accounts", links);
        Assert.Equal("Server: Stopped", layout.Find("[data-testid=server-state]").TextContent.Trim());
        Assert.Contains("page body", layout.Markup);
        Assert.Equal("vmware", layout.Find("[data-testid=signed-in-user]").TextContent.Trim());
        Assert.Empty(layout.FindAll("[data-testid=plain-http-warning]"));
    }

    [Fact]
    public void A_reviewer_does_not_see_the_accounts_link()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        var links = layout.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/database", links);
        Assert.DoesNotContain("/accounts", links);
    }
}
