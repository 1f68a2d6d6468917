using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Layout;

/// <summary>The dark theme is the user's choice: it stays across reloads, new tabs and new browsers, and is nobody else's.</summary>
public sealed class ThemeTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_dark_theme_stays_across_a_reload_a_new_tab_and_a_new_browser_and_only_for_its_user()
    {
        var ct = TestContext.Current.CancellationToken;
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, "night-owl", "Night#Owl1234", "Reviewer", ct);
        await LogInAsync("night-owl", "Night#Owl1234");
        var theme = Page.GetByTestId("theme-switch");
        await Expect(theme).ToHaveAttributeAsync("aria-pressed", "false");

        await theme.ClickAsync();
        await Expect(theme).ToHaveAttributeAsync("aria-pressed", "true");

        await Page.ReloadAsync();
        await new OverviewPage(Page).WaitForInteractiveAsync();
        await Expect(theme).ToHaveAttributeAsync("aria-pressed", "true");

        var tab = await Context.NewPageAsync();
        await tab.GotoAsync(OverviewPage.Path);
        await Expect(tab.GetByTestId("theme-switch")).ToHaveAttributeAsync("aria-pressed", "true");

        await using var otherBrowser = await Fixture.NewContextAsync();
        var elsewhere = await otherBrowser.NewPageAsync();
        var login = await new LoginPage(elsewhere).GotoAsync();
        await login.LogInAsync("night-owl", "Night#Owl1234");
        await Expect(elsewhere.GetByTestId("theme-switch")).ToHaveAttributeAsync("aria-pressed", "true");

        await using var administrator = await Fixture.NewContextAsync();
        var admin = await administrator.NewPageAsync();
        var adminLogin = await new LoginPage(admin).GotoAsync();
        await adminLogin.LogInAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword);
        await Expect(admin.GetByTestId("theme-switch")).ToHaveAttributeAsync("aria-pressed", "false");
    }
}
