using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Database;

/// <summary>A panel describes the state it was made for: a connection test's result goes when the database type changes.</summary>
public sealed class StalePanelTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_failed_connection_test_goes_when_the_database_type_changes()
    {
        var overview = await LogInAsAdministratorAsync();
        await overview.OpenAsync("Database");
        var tab = new DatabaseTab(Page);
        await tab.ChooseTypeAsync("PostgreSQL");
        await tab.FillAsync("127.0.0.1", ConsoleNode.FreePort(), "vco", "vco", "Not#The-Password1");
        await tab.TestConnectionButton.ClickAsync();
        await Expect(tab.TestResult).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await tab.ChooseTypeAsync("Embedded");

        await Expect(tab.TestResult).ToHaveCountAsync(0);
    }
}
