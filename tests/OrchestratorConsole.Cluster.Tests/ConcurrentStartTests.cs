using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

public sealed class ConcurrentStartTests : ClusterTest
{
    [Fact]
    public async Task Three_nodes_started_at_the_same_moment_on_a_database_without_nodes_all_run_and_exactly_one_is_Active()
    {
        var cluster = await StartClusterAsync(3, startServers: false);
        Assert.Empty((await cluster.Nodes[0].GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray());

        var sampler = SamplerOf(cluster);
        await Task.WhenAll(cluster.Nodes.Select(n => n.StartServerAsync(Ct)));
        var statuses = await Task.WhenAll(cluster.Nodes.Select(n => n.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct)));
        Assert.All(statuses, s => Assert.Equal("Running", s.State));
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);

        // Every sample from the starts on (the base class checks them all again at the end): never two Actives.
        Assert.Null(sampler.DescribeDoubleActives());
        Assert.Single(statuses, s => s.Role == "Active"); // exactly one took the slot while starting
        Assert.Single(await cluster.ActiveNodesAsync(cancellationToken: Ct));

        var view = await cluster.Nodes[0].GetJsonAsync("/api/cluster", Ct);
        Assert.Equal(1, view["settings"]!["activeNodes"]!.GetValue<int>());
        var nodes = view["nodes"]!.AsArray();
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("Running", n!["state"]!.GetValue<string>()));
        Assert.Equal(3, nodes.Select(n => n!["nodeId"]!.GetValue<Guid>()).Distinct().Count());
    }
}
