using System.Net;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

public sealed class NodeRecordTests : ClusterTest
{
    [Fact]
    public async Task A_live_nodes_record_cannot_be_removed_but_once_its_server_stopped_the_other_node_removes_it()
    {
        var cluster = await StartClusterAsync(2);
        var (keeper, leaving) = (cluster.Nodes[0], cluster.Nodes[1]);
        var leavingId = await leaving.GetNodeIdAsync(Ct);

        using (var refused = await keeper.SendAsync(HttpMethod.Delete, $"/api/cluster/nodes/{leavingId}", cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("live", await refused.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        }

        await leaving.StopServerAsync(Ct);
        await leaving.WaitForServerAsync(s => s.State == "Stopped", Generous, "Stopped", Ct);
        await leaving.Node.StopAsync();
        var stopped = (await keeper.GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray().Single(n => n!["nodeId"]!.GetValue<Guid>() == leavingId);
        Assert.Equal("Stopped", stopped!["state"]!.GetValue<string>());

        using (var removed = await keeper.SendAsync(HttpMethod.Delete, $"/api/cluster/nodes/{leavingId}", cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var nodes = (await keeper.GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray();
        Assert.Equal(await keeper.GetNodeIdAsync(Ct), Assert.Single(nodes)!["nodeId"]!.GetValue<Guid>());
        using var gone = await keeper.SendAsync(HttpMethod.Delete, $"/api/cluster/nodes/{leavingId}", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
