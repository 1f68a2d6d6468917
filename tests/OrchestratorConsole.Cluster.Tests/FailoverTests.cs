using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>Two real nodes, heartbeat 500 ms and failover after 4 missed: the Active dies or freezes, the standby takes over.</summary>
public sealed class FailoverTests : ClusterTest
{
    [Fact]
    public async Task When_the_Active_is_killed_the_standby_becomes_Active_records_the_failover_and_shows_the_killed_node_Failed()
    {
        var cluster = await StartClusterAsync(2);
        var (active, standby) = (cluster.Nodes[0], cluster.Nodes[1]);
        Assert.Equal("Active", (await active.GetServerAsync(Ct)).Role);
        Assert.Equal("Standby", (await standby.GetServerAsync(Ct)).Role);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await standby.ActiveHealthAsync(Ct));
        var killedId = await active.GetNodeIdAsync(Ct);

        await active.Node.StopAsync(); // kill -9 of its own process
        var sinceKill = Stopwatch.StartNew();

        Assert.True(
            await TestCluster.EventuallyAsync(async () => await standby.ActiveHealthAsync(Ct) == HttpStatusCode.OK, Generous, cancellationToken: Ct),
            $"the standby did not answer 200 on /health/active within {Generous.TotalSeconds} s of the kill");
        TestContext.Current.SendDiagnosticMessage($"takeover after {sinceKill.ElapsedMilliseconds} ms");
        Assert.Equal("Active", (await standby.GetServerAsync(Ct)).Role);

        JsonObject? killed = null;
        Assert.True(
            await TestCluster.EventuallyAsync(
                async () =>
                {
                    var nodes = (await standby.GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray();
                    killed = nodes.Select(n => n!.AsObject()).SingleOrDefault(n => n["nodeId"]!.GetValue<Guid>() == killedId);
                    return killed?["state"]?.GetValue<string>() == "Failed";
                },
                Generous,
                cancellationToken: Ct),
            $"GET /api/cluster did not show the killed node Failed: {killed?.ToJsonString()}");
        Assert.Null(killed!["role"]?.GetValue<string>());

        JsonArray? audit = null;
        Assert.True(
            await TestCluster.EventuallyAsync(
                async () =>
                {
                    audit = (await standby.GetJsonAsync("/api/audit?action=cluster", Ct))["items"]!.AsArray();
                    return audit.Any(e => e!["action"]!.GetValue<string>() == "cluster.failover");
                },
                Generous,
                cancellationToken: Ct),
            $"the survivor's audit trail has no failover: {audit?.ToJsonString()}");
    }

    [Fact]
    public async Task An_Active_frozen_past_its_lease_never_answers_Active_after_it_wakes_while_the_standby_has_taken_over()
    {
        var cluster = await StartClusterAsync(2);
        var (frozen, standby) = (cluster.Nodes[0], cluster.Nodes[1]);
        Assert.Equal(HttpStatusCode.OK, await frozen.ActiveHealthAsync(Ct));

        var answers = new List<HttpStatusCode?>();
        var stopped = false;
        try
        {
            await frozen.Node.SignalAsync("STOP", Ct);
            stopped = true;
            Assert.True(
                await TestCluster.EventuallyAsync(async () => await standby.ActiveHealthAsync(Ct) == HttpStatusCode.OK, Generous, cancellationToken: Ct),
                $"the standby did not become Active within {Generous.TotalSeconds} s while the Active was frozen");

            await frozen.Node.SignalAsync("CONT", Ct);
            stopped = false;
            var sampling = Stopwatch.StartNew();
            while (sampling.Elapsed < TimeSpan.FromSeconds(3))
            {
                answers.Add(await frozen.ActiveHealthAsync(Ct));
                await Task.Delay(20, Ct);
            }
        }
        finally
        {
            if (stopped)
            {
                await frozen.Node.SignalAsync("CONT", CancellationToken.None);
            }
        }

        Assert.DoesNotContain(HttpStatusCode.OK, answers);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, answers); // it did answer, as not active
        var woken = await frozen.WaitForServerAsync(s => s is { IsRunning: true, Role: "Standby", Reason: null }, Generous, "Running as Standby", Ct);
        Assert.Equal("Standby", woken.Role);
        Assert.Equal(HttpStatusCode.OK, await standby.ActiveHealthAsync(Ct));
        Assert.True((await standby.GetServerAsync(Ct)).Epoch > 1, "the standby holds the slot in a newer epoch");
    }
}
