using System.Diagnostics;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>Each node reaches PostgreSQL through a proxy of its own, which cuts or black-holes that node's connections.</summary>
public sealed class NetworkFaultTests : ClusterTest
{
    [Fact]
    public async Task Stop_while_cut_off_from_the_database_ends_Stopped_and_Start_works_once_the_network_heals()
    {
        var cluster = Track(await TestCluster.StartAsync(1, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("partition"), proxied: true, cancellationToken: Ct));
        var node = cluster.Nodes[0];
        var proxy = cluster.ProxyOf(node);

        proxy.BlackHole(); // no RST: every round hangs until its timeout
        await node.WaitForServerAsync(s => s.Reason is not null, Generous, "a round that failed", Ct);
        var stopping = Stopwatch.StartNew();
        await node.StopServerAsync(Ct);
        var stopped = await node.WaitForServerAsync(s => s.State is "Stopped" or "Failed", Generous, "Stopped", Ct);
        TestContext.Current.SendDiagnosticMessage($"stopped {stopping.ElapsedMilliseconds} ms after the stop was asked, during the partition");
        Assert.Equal("Stopped", stopped.State);

        proxy.Pass();
        await node.StartServerAsync(Ct);
        var running = await node.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        Assert.Equal("Active", running.Role);
    }

    [Fact]
    public async Task One_failed_round_on_the_Active_costs_the_cluster_no_time_without_an_Active()
    {
        var cluster = Track(await TestCluster.StartAsync(2, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("round"), proxied: true, cancellationToken: Ct));
        var active = cluster.Nodes[0];
        var sampler = SamplerOf(cluster);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        var cut = sampler.Now;
        cluster.ProxyOf(active).Cut(); // a connection reset: the round fails at once
        await active.WaitForServerAsync(s => s.Reason is not null, Generous, "the failed round's reason", Ct);
        cluster.ProxyOf(active).Pass();
        await active.WaitForServerAsync(s => s.Reason is null, Generous, "a round that succeeded", Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);

        Assert.Null(sampler.DescribeDoubleActives());
        var gap = sampler.LongestWithoutActive(cut, sampler.Now);
        Assert.True(gap <= TimeSpan.FromMilliseconds(cluster.HeartbeatIntervalMs), $"{gap.TotalMilliseconds} ms without an Active after one failed round (interval {cluster.HeartbeatIntervalMs} ms)");
        Assert.Equal("Active", (await active.GetServerAsync(Ct)).Role); // no failover for one failed round
    }

    [Fact]
    public async Task Stop_while_starting_waits_for_the_start_and_the_server_stays_Stopped()
    {
        var cluster = Track(await TestCluster.StartAsync(1, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("starting"), startServers: false, proxied: true, cancellationToken: Ct));
        var node = cluster.Nodes[0];
        var proxy = cluster.ProxyOf(node);

        await node.StartServerAsync(Ct); // validated; the steps run in the background
        proxy.BlackHole(); // and hang on the database
        Assert.Equal("Starting", (await node.GetServerAsync(Ct)).State);
        await node.StopServerAsync(Ct);
        var stopped = await node.WaitForServerAsync(s => s.State is not ("Starting" or "Stopping"), Generous, "the end of the stop", Ct);
        Assert.Equal("Stopped", stopped.State);

        proxy.Pass();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Stopped", (await node.GetServerAsync(Ct)).State); // the start did not go on behind the stop
            await Task.Delay(250, Ct);
        }
    }

    [Fact]
    public async Task Start_on_launch_keeps_trying_until_the_database_is_reachable()
    {
        var cluster = Track(await TestCluster.StartAsync(1, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("launch"), proxied: true, cancellationToken: Ct));
        var node = cluster.Nodes[0];
        var proxy = cluster.ProxyOf(node);
        await node.SaveSectionAsync("startup", new JsonObject { ["startServerOnLaunch"] = true }, Ct);

        proxy.Cut(); // the database is not up yet when the machine comes back
        await node.Node.StopAsync(); // kill -9
        await node.Node.RestartAsync(Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.NotEqual("Running", (await node.GetServerAsync(Ct)).State);

        proxy.Pass();
        var running = await node.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        Assert.Equal("Active", running.Role);
    }
}
