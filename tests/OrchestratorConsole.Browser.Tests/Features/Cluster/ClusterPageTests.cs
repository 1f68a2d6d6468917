using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Cluster;

public sealed class ClusterPageTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_cluster_page_shows_the_Active_and_the_Standby_and_marks_the_killed_standby_Failed_without_a_reload()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestPostgres.CreateDatabaseAsync("browser_cluster");
        using var first = await NodeApi.SignInAsync(Node, ct);
        await first.JoinClusterAsync(TestPostgres.Admin, database, install: true, cancellationToken: ct);
        await first.StartServerAsync(ct);
        Assert.Equal("Active", (await first.WaitUntilRunningAsync(TestCluster.StartTimeout, ct)).Role);

        using var second = await NodeApi.StartNodeAsync(cancellationToken: ct);
        await using var secondProcess = second.Node;
        await using var sampler = ActiveSampler.Start(() => [first, second]); // never two Actives, at any sample
        await second.JoinClusterAsync(TestPostgres.Admin, database, install: false, cancellationToken: ct);
        await second.StartServerAsync(ct);
        Assert.Equal("Standby", (await second.WaitUntilRunningAsync(TestCluster.StartTimeout, ct)).Role);

        await LogInAsAdministratorAsync();
        var cluster = await new ClusterPage(Page).GotoAsync();
        await Expect(cluster.Heading).ToBeVisibleAsync();
        await Expect(cluster.Rows).ToHaveCountAsync(2);
        await Expect(cluster.Roles.Filter(new() { HasText = "Active" })).ToHaveCountAsync(1);
        await Expect(cluster.Roles.Filter(new() { HasText = "Standby" })).ToHaveCountAsync(1);
        var standbyRow = cluster.RowOf(second.Node.BaseAddress);
        await Expect(standbyRow.GetByTestId("node-role")).ToHaveTextAsync("Standby");
        await Expect(standbyRow.GetByTestId("node-state")).ToHaveTextAsync("Running");
        await Expect(cluster.RowOf(Node.BaseAddress).GetByTestId("node-sync")).ToHaveTextAsync("Synchronized");

        await second.Node.StopAsync(); // kill -9 of the standby's process

        await Expect(standbyRow.GetByTestId("node-state")).ToHaveTextAsync("Failed", new() { Timeout = 20_000 });
        await Expect(cluster.RowOf(Node.BaseAddress).GetByTestId("node-role")).ToHaveTextAsync("Active");
        Assert.Null(sampler.DescribeDoubleActives());
    }
}
