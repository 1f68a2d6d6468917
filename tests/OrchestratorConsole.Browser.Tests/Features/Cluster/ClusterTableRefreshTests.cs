using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Cluster;

/// <summary>The cluster table refreshes every second; a node of its own, so no other test's cluster is in its rows.</summary>
public sealed class ClusterTableRefreshTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_row_keeps_its_elements_across_the_live_refresh_so_a_click_or_the_focus_is_never_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestPostgres.CreateDatabaseAsync("browser_cluster_rows");
        using var first = await NodeApi.SignInAsync(Node, ct);
        await first.JoinClusterAsync(TestPostgres.Admin, database, install: true, cancellationToken: ct);
        await first.StartServerAsync(ct);
        await first.WaitUntilRunningAsync(TestCluster.StartTimeout, ct);

        await LogInAsAdministratorAsync();
        var cluster = await new ClusterPage(Page).GotoAsync();
        var row = cluster.RowOf(Node.BaseAddress);
        await Expect(row).ToHaveCountAsync(1);
        await row.EvaluateAsync("tr => tr.dataset.seen = 'yes'");

        // The table refreshes every second, with a new heartbeat age each time (even while it reads "now"); three
        // refreshes later the row is still the element it was.
        await Page.WaitForTimeoutAsync(3_500);
        Assert.Equal("yes", await row.GetAttributeAsync("data-seen"));
    }
}
