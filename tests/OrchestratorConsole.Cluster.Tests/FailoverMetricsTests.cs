using System.Net;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>Two real nodes serving <c>/metrics</c>: after the Active is killed, the survivor's metrics show the takeover.</summary>
public sealed class FailoverMetricsTests : ClusterTest
{
    private static readonly Dictionary<string, string> MetricsOn = new() { ["Telemetry:Metrics:Enabled"] = "true" };

    [Fact]
    public async Task After_the_Active_is_killed_the_survivors_metrics_count_one_takeover_and_its_heartbeats()
    {
        var cluster = Track(await TestCluster.StartAsync(2, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("cluster"), settings: MetricsOn, cancellationToken: Ct));
        var (active, standby) = (cluster.Nodes[0], cluster.Nodes[1]);
        var before = await NodeMetrics.ScrapeAsync(standby, Ct);
        Assert.Equal(0, before.Sum("orchestrator_cluster_takeovers_total"));
        Assert.Equal(1, before.Sum("orchestrator_server_role", ("role", "Standby")));

        await active.Node.StopAsync(); // kill -9 of that node's own process id
        Assert.True(
            await TestCluster.EventuallyAsync(async () => await standby.ActiveHealthAsync(Ct) == HttpStatusCode.OK, Generous, cancellationToken: Ct),
            $"the standby did not become Active within {Generous.TotalSeconds} s of the kill");

        var after = await NodeMetrics.ScrapeAsync(standby, Ct);
        Assert.Equal("counter", after.Family("orchestrator_cluster_takeovers_total").Type);
        Assert.Equal(1, after.Sum("orchestrator_cluster_takeovers_total"));
        Assert.Equal(1, after.Sum("orchestrator_server_role", ("role", "Active")));
        Assert.Equal(1, after.Sum("orchestrator_server_state", ("state", "Running")));
        // The gap is measured from the killed node's last heartbeat: at least the failover timeout (4 × 500 ms).
        var gap = after.Family("orchestrator_cluster_takeover_no_active_duration_seconds");
        Assert.Equal("histogram", gap.Type);
        Assert.Equal(1, after.Sum("orchestrator_cluster_takeover_no_active_duration_seconds_count"));
        Assert.InRange(after.Sum("orchestrator_cluster_takeover_no_active_duration_seconds_sum"), 1.5, Generous.TotalSeconds);
        Assert.True(after.Sum("orchestrator_cluster_heartbeats_sent_total") > before.Sum("orchestrator_cluster_heartbeats_sent_total"), "the survivor's heartbeats did not advance");
        Assert.Equal("counter", after.Family("orchestrator_cluster_heartbeats_missed_total").Type);
        Assert.Equal("histogram", after.Family("orchestrator_cluster_heartbeat_duration_seconds").Type);
        Assert.True(after.Sum("orchestrator_cluster_heartbeat_duration_seconds_count") > 0);
    }
}
