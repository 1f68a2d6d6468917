using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Layout;

/// <summary>A section's tab in the side menu says the section's state in its accessible name, and follows it while the page stays open.</summary>
public sealed class SideMenuStateTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_Database_link_turns_invalid_then_valid_in_an_open_page_as_the_database_is_changed_through_the_API()
    {
        var ct = TestContext.Current.CancellationToken;
        var overview = await LogInAsAdministratorAsync();
        await Expect(overview.NavLink("Database: valid")).ToBeVisibleAsync();
        await Expect(overview.NavLink("Cluster")).ToBeVisibleAsync();
        var database = await TestPostgres.CreateDatabaseAsync("browser_menu");
        using var api = await NodeApi.SignInAsync(Node, ct);

        await api.UsePostgresAsync(TestPostgres.Admin, database, ct);
        // A test of the saved settings records the database's state at once: reachable, without the schema.
        using (var test = await api.SendAsync(HttpMethod.Post, "/api/database/test", cancellationToken: ct))
        {
            await NodeApi.EnsureAsync(test, System.Net.HttpStatusCode.OK, ct);
        }

        var node = await api.GetJsonAsync("/api/node", ct);
        var state = node["validation"]!.AsArray().Single(s => (string?)s!["section"] == "database")!;
        var reason = (string)state["messages"]![0]!;
        Assert.Contains("schema", reason, StringComparison.OrdinalIgnoreCase);
        await Expect(overview.NavLink($"Database: invalid \u2014 {reason}")).ToBeVisibleAsync();
        await Expect(overview.NavLink("General: valid")).ToBeVisibleAsync();

        await api.InstallDatabaseAsync(ct);

        await Expect(overview.NavLink("Database: valid")).ToBeVisibleAsync();
    }
}
