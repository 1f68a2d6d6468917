using System.Diagnostics;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>Ordinary faults an administrator meets — a crashed process restarted at once, a standalone node beside a cluster — with every sample of /health/active checked.</summary>
public sealed class ClusterFaultTests : ClusterTest
{
    [Fact]
    public async Task A_node_killed_and_restarted_at_once_comes_back_Running_without_an_identity_prompt()
    {
        // A failover timeout of 30 s: the restart lands well inside it, while the killed process's record is fresh.
        var cluster = Track(await TestCluster.StartAsync(2, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("restart"), heartbeatIntervalMs: 1000, failoverHeartbeats: 30, cancellationToken: Ct));
        var node = cluster.Nodes[0];
        var nodeId = await node.GetNodeIdAsync(Ct);
        var sampler = SamplerOf(cluster);

        await node.Node.StopAsync(); // kill -9
        var sinceKill = Stopwatch.StartNew();
        await node.Node.RestartAsync(Ct);
        await node.StartServerAsync(Ct);
        var back = await node.WaitForServerAsync(s => s.State is "Running" or "Failed", TestCluster.StartTimeout, "the end of the start", Ct);
        TestContext.Current.SendDiagnosticMessage($"Running again {sinceKill.ElapsedMilliseconds} ms after the kill");

        Assert.Equal("Running", back.State);
        Assert.False(back.DuplicateIdentity);
        Assert.Null(back.Reason);
        Assert.Equal(nodeId, await node.GetNodeIdAsync(Ct));
        var nodes = (await cluster.Nodes[1].GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray();
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("Running", n!["state"]!.GetValue<string>()));
        Assert.Null(sampler.DescribeDoubleActives());
    }

    [Fact]
    public async Task A_node_with_cluster_mode_off_on_the_clusters_database_never_answers_as_a_second_Active()
    {
        var cluster = await StartClusterAsync(2);
        var sampler = SamplerOf(cluster);
        var standalone = await cluster.AddNodeAsync(configure: false, cancellationToken: Ct);
        await standalone.UsePostgresAsync(cluster.Server, cluster.Database, Ct); // cluster mode stays off

        await standalone.StartServerAsync(Ct);
        var running = await standalone.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);

        Assert.Equal("Standby", running.Role);
        Assert.Equal("Standby", (await standalone.GetServerAsync(Ct)).Role);
        Assert.Null(sampler.DescribeDoubleActives());
        Assert.Single(await cluster.ActiveNodesAsync(cancellationToken: Ct));
    }
}
