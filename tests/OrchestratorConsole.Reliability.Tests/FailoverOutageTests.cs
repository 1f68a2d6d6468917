using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Reliability.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>
/// PostgreSQL, holding both the Orchestrator database of a two-node cluster and each node's settings store, stops
/// while the standby is taking over from an Active that was killed.
/// </summary>
public sealed class FailoverOutageTests : ReliabilityTest
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PostgreSQL_stopped_during_a_failover_leaves_no_node_Active_and_on_its_return_the_survivor_takes_over_with_every_revision_whole()
    {
        using var postgres = await PrivatePostgres.CreateAsync(Ct);
        var database = await postgres.CreateDatabaseAsync("cluster", Ct);
        var first = await StartNodeAsync(server: postgres);
        var second = await StartNodeAsync(server: postgres);
        using var firstApi = await NodeApi.SignInAsync(first.Node, Ct);
        using var secondApi = await NodeApi.SignInAsync(second.Node, Ct);
        await firstApi.JoinClusterAsync(postgres.Admin, database, install: true, cancellationToken: Ct);
        await secondApi.JoinClusterAsync(postgres.Admin, database, install: false, cancellationToken: Ct);
        foreach (var api in new[] { firstApi, secondApi })
        {
            await api.StartServerAsync(Ct);
            await api.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        }

        Assert.Equal(HttpStatusCode.OK, await firstApi.ActiveHealthAsync(Ct));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await secondApi.ActiveHealthAsync(Ct));
        await using var sampler = ActiveSampler.Start(() => [firstApi, secondApi]);

        // The last save on the Active before it dies must survive everything that follows.
        await first.SaveSectionAsync("general", new JsonObject { ["description"] = "saved before the kill" }, Ct);
        var secondGeneral = await second.GetSectionAsync("general", Ct);
        var firstRevisions = await History.CountAsync(first, null, Ct);
        var secondRevisions = await History.CountAsync(second, null, Ct);

        // kill -9 of the Active, then PostgreSQL stops before the standby's lease wait is over.
        await first.Node.StopAsync();
        await postgres.StopAsync(Ct);

        // The clear error: the survivor says in its log why it stands by, never answers Active, and a save is a plain 503.
        Assert.True(
            await EventuallyAsync(() => Task.FromResult(second.Node.Output.Contains("Heartbeat round failed; the node stands by once its lease lapses, until the database returns", StringComparison.Ordinal)), Generous),
            "The survivor did not log that it stands by for the database.");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await secondApi.ActiveHealthAsync(Ct));
            await Task.Delay(200, Ct);
        }

        using (var client = second.Client())
        using (var response = await client.PutAsJsonAsync("/api/configuration/general", new { description = "saved during the outage", version = (int)secondGeneral["version"]! }, Ct))
        {
            var problem = await response.ShouldBeProblemAsync(Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("settings store is not reachable", (string?)problem["detail"], StringComparison.Ordinal);
        }

        // Recovery: the survivor takes over once PostgreSQL is back, and saves land again.
        await postgres.StartAsync(Ct);
        Assert.True(
            await EventuallyAsync(async () => await secondApi.ActiveHealthAsync(Ct) == HttpStatusCode.OK, Generous),
            $"The survivor did not become Active within {Generous.TotalSeconds:F0} s of PostgreSQL's return.\n{second.Node.Output[^Math.Min(6_000, second.Node.Output.Length)..]}");
        await second.SaveSectionAsync("general", new JsonObject { ["description"] = "saved after the return" }, Ct);

        // The killed node comes back as the standby: exactly one Active.
        await first.Node.RestartAsync(Ct);
        await firstApi.StartServerAsync(Ct);
        var rejoined = await firstApi.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        Assert.Equal("Standby", rejoined.Role);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await secondApi.ActiveHealthAsync(Ct));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await firstApi.ActiveHealthAsync(Ct));
            await Task.Delay(200, Ct);
        }

        // Nothing lost, nothing half-written: each node's history is whole and holds exactly the saves that answered 200.
        Assert.Equal("saved before the kill", (string?)(await first.GetSectionAsync("general", Ct))["description"]);
        Assert.Equal(firstRevisions, await History.CountAsync(first, null, Ct));
        Assert.Equal(secondRevisions + 1, await History.CountAsync(second, null, Ct));
        Assert.Equal(["saved after the return"], (await History.ValuesAsync(second, "general", "description", Ct)).Select(v => v.Value));
        await History.AssertIntactAsync(first, Ct);
        await History.AssertIntactAsync(second, Ct);
        Assert.Null(sampler.DescribeDoubleActives());
    }
}
