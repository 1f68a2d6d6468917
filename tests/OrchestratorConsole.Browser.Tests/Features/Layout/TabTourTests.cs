using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Layout;

/// <summary>
/// Every tab of the side menu, opened afresh in the light and in the dark theme on a node that is set up as in use (its
/// database on PostgreSQL, a plug-in, the server running): each shows its title in the chosen theme. The pictures in
/// docs/screenshots (one per tab and theme) are taken here when screenshots are enabled.
/// </summary>
public sealed class TabTourTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    /// <summary>The page background of the light theme; the dark theme's differs.</summary>
    private const string LightBackground = "rgb(255, 255, 255)";

    [Fact]
    public async Task Every_tab_opens_with_its_title_in_the_light_and_in_the_dark_theme()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var api = await NodeApi.SignInAsync(Node, ct))
        {
            await api.UsePostgresAsync(TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("tab_tour"), ct);
            await api.InstallDatabaseAsync(ct);
            await api.InstallPluginAsync(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "artifacts", "samples", "mail.vmoapp"), ct), ct);
            await api.StartServerAsync(ct);
            await api.WaitUntilRunningAsync(TestCluster.StartTimeout, ct);
        }

        await new LoginPage(Page).GotoAsync();
        await Screenshots.SaveAsync(Page, "login");
        await LogInAsAdministratorAsync();
        var shell = new ConsoleShell(Page);
        var tabs = new List<string>();
        foreach (var link in await shell.Navigation.GetByRole(AriaRole.Link).AllAsync())
        {
            tabs.Add(new Uri(new Uri("http://node/"), await link.GetAttributeAsync("href")).AbsolutePath);
        }

        Assert.True(tabs.Count >= 14, $"The side menu links only {string.Join(", ", tabs)}");
        foreach (var dark in new[] { false, true })
        {
            await UseThemeAsync(shell, dark);
            foreach (var tab in tabs)
            {
                // A full load each time: the theme is the account's kept choice, not the circuit's.
                var response = await Page.GotoAsync(tab);
                Assert.True(response is { Ok: true }, $"{tab} answered {response?.Status}");
                if (await Page.Locator(".console-root[data-render=interactive]").CountAsync() > 0)
                {
                    await shell.WaitForInteractiveAsync();
                }

                await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                var background = await Page.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
                Assert.True(dark == (background != LightBackground), $"{tab} in the {(dark ? "dark" : "light")} theme has the background {background}");
                await Screenshots.SaveAsync(Page, $"{NameOf(tab)}-{(dark ? "dark" : "light")}");
            }
        }
    }

    /// <summary>A picture's name for a tab: <c>/</c> is the overview, <c>/account/change-password</c> is change-password.</summary>
    private static string NameOf(string tab) => tab == "/" ? "overview" : tab.TrimEnd('/')[(tab.TrimEnd('/').LastIndexOf('/') + 1)..];

    private async Task UseThemeAsync(ConsoleShell shell, bool dark)
    {
        await Page.GotoAsync(OverviewPage.Path);
        await shell.WaitForInteractiveAsync();
        var theme = Page.GetByTestId("theme-switch");
        if (await theme.GetAttributeAsync("aria-pressed") != (dark ? "true" : "false"))
        {
            await theme.ClickAsync();
        }

        await Expect(theme).ToHaveAttributeAsync("aria-pressed", dark ? "true" : "false");
    }
}
