using System.Net;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>The cluster's PostgreSQL (a server of the test's own) goes away and comes back.</summary>
public sealed class DatabaseOutageTests : ClusterTest
{
    [Fact]
    public async Task Without_the_database_both_nodes_stand_by_saying_why_and_when_it_returns_exactly_one_is_Active()
    {
        using var postgres = await PrivatePostgres.CreateAsync(Ct);
        var cluster = Track(await TestCluster.StartAsync(2, postgres.Admin, await postgres.CreateDatabaseAsync("outage", Ct), cancellationToken: Ct));
        Assert.Single(await cluster.ActiveNodesAsync(cancellationToken: Ct));

        await postgres.StopAsync(Ct);

        foreach (var node in cluster.Nodes)
        {
            var status = await node.WaitForServerAsync(
                s => s.Role == "Standby" && s.Reason is not null,
                Generous,
                "Standby with a reason",
                Ct);
            Assert.Contains("database", status.Reason, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await node.ActiveHealthAsync(Ct));
        }

        await postgres.StartAsync(Ct);

        IReadOnlyList<NodeApi> active = [];
        Assert.True(
            await TestCluster.EventuallyAsync(async () => (active = await cluster.ActiveNodesAsync(cancellationToken: Ct)).Count > 0, TimeSpan.FromSeconds(30), cancellationToken: Ct),
            "no node became Active within 30 s of the database's return");
        Assert.Single(active);
        var other = cluster.Nodes.Single(n => n != active[0]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await other.ActiveHealthAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, await active[0].ActiveHealthAsync(Ct));
            await Task.Delay(200, Ct);
        }

        var standby = await other.WaitForServerAsync(s => s is { IsRunning: true, Role: "Standby", Reason: null }, Generous, "Standby without a database problem", Ct);
        Assert.Null(standby.Reason);
    }
}
