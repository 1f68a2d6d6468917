using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

public sealed class ConcurrentStartTests : ClusterTest
{
    [Fact]
    public async Task Three_nodes_started_at_the_same_moment_on_a_database_without_nodes_all_run_and_exactly_one_is_Active()
    {
        var cluster = await StartClusterAsync(3, startServers: false);
        Assert.Empty((await cluster.Nodes[0].GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray());

        await using (var sampler = ActiveSampler.Start(cluster))
        {
            await Task.WhenAll(cluster.Nodes.Select(n => n.StartServerAsync(Ct)));
            var statuses = await Task.WhenAll(cluster.Nodes.Select(n => n.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct)));
            Assert.All(statuses, s => Assert.Equal("Running", s.State));
            var running = sampler.Now;
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);

            // Every sample, from the starts on: never two Actives; and once all run, one Active from the first sample.
            Assert.Null(sampler.DescribeDoubleActives());
            Assert.All(sampler.Samples.Where(s => s.At >= running), s => Assert.Single(s.Active));
        }

        var view = await cluster.Nodes[0].GetJsonAsync("/api/cluster", Ct);
        Assert.Equal(1, view["settings"]!["activeNodes"]!.GetValue<int>());
        var nodes = view["nodes"]!.AsArray();
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("Running", n!["state"]!.GetValue<string>()));
        Assert.Equal(3, nodes.Select(n => n!["nodeId"]!.GetValue<Guid>()).Distinct().Count());
    }
}
