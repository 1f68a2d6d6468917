using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Database;

public sealed class DatabaseTabTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task An_administrator_tests_saves_and_installs_a_PostgreSQL_database_and_the_tab_turns_green()
    {
        var database = await TestPostgres.CreateDatabaseAsync("browser");
        var user = $"browser_{Guid.NewGuid():N}"[..24];
        var password = $"Pg#{Guid.NewGuid():N}";
        await TestPostgres.CreateUserAsync(user, password, database);
        var server = TestPostgres.Admin;

        var overview = await LogInAsAdministratorAsync();
        await Expect(overview.NavLink("Accounts")).ToBeVisibleAsync();
        await overview.OpenAsync("Database");
        var tab = new DatabaseTab(Page);
        await Expect(tab.Heading).ToBeVisibleAsync();

        await tab.ChooseTypeAsync("PostgreSQL");
        await tab.FillAsync(server.Host!, server.Port, database, user, "wrong-" + password);
        await tab.TestConnectionButton.ClickAsync();
        await Expect(tab.TestResult).ToContainTextAsync("user name or password");

        await tab.Password.FillAsync(password);
        await tab.TestConnectionButton.ClickAsync();
        await Expect(tab.TestResult).ToContainTextAsync("Connected to PostgreSQL");

        await tab.SaveButton.ClickAsync();
        await tab.InstallAsync();
        await Expect(tab.SectionState).ToHaveAttributeAsync("data-valid", "true", new() { Timeout = 60_000 });

        await overview.OpenAsync("Overview");
        await Expect(overview.Section("database")).ToHaveAttributeAsync("data-valid", "true");

        if (Screenshots.Enabled)
        {
            await OpenFromMenuAsync(overview, "History");
            await OpenFromMenuAsync(overview, "Audit");
        }
    }

    [Fact]
    public async Task A_reviewer_sees_the_Database_tab_without_any_button_that_changes_it_and_no_Accounts_link()
    {
        var reviewer = $"reviewer-{Guid.NewGuid():N}"[..20];
        const string reviewerPassword = "Reviewer#Pass1";
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, reviewer, reviewerPassword, "Reviewer", TestContext.Current.CancellationToken);

        var overview = await LogInAsync(reviewer, reviewerPassword);
        await Expect(overview.SignedInUser).ToHaveTextAsync(reviewer);
        await Expect(overview.TabLink("Database")).ToBeVisibleAsync();
        await Expect(overview.NavLink("Accounts")).ToHaveCountAsync(0);

        await overview.OpenAsync("Database");
        var tab = new DatabaseTab(Page);
        await Expect(tab.Heading).ToBeVisibleAsync();
        await Expect(tab.DatabaseType).ToBeVisibleAsync();
        await Expect(tab.SectionState).ToBeVisibleAsync();
        await Expect(tab.SaveButton).ToHaveCountAsync(0);
        await Expect(tab.TestConnectionButton).ToHaveCountAsync(0);
        await Expect(tab.InstallButton).ToHaveCountAsync(0);
    }

    /// <summary>Opens a page from the navigation and waits until it has loaded.</summary>
    private async Task OpenFromMenuAsync(ConsoleShell shell, string linkName)
    {
        await shell.OpenAsync(linkName);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = linkName, Level = 1 })).ToBeVisibleAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
