using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Cluster.Tests.NodeToNode;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>
/// One node's administrator starts, stops and restarts the other nodes' servers through the API: a signed call to the
/// other node, which acts and names the administrator (and the node they used) in its own audit trail.
/// </summary>
public sealed class NodeServerTests : ClusterTest
{
    private static string ServerPath(Guid node, string action) => $"/api/cluster/nodes/{node}/server/{action}";

    private static async Task<JsonNode> AcceptedAsync(NodeApi node, string path)
    {
        using var response = await node.SendAsync(HttpMethod.Post, path, cancellationToken: Ct);
        return JsonNode.Parse(await NodeApi.EnsureAsync(response, HttpStatusCode.Accepted, Ct))!;
    }

    /// <summary>The users of <paramref name="node"/>'s audit entries of <paramref name="action"/>, newest first.</summary>
    private static async Task<List<string>> AuditUsersAsync(NodeApi node, string action) =>
        [.. (await node.GetJsonAsync($"/api/audit?action={action}", Ct))["items"]!.AsArray()
            .Where(e => (string?)e!["action"] == action)
            .Select(e => (string)e!["user"]!)];

    private static async Task<string> StateInClusterAsync(NodeApi asker, Guid node) =>
        (string)(await asker.GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray().Single(n => (Guid)n!["nodeId"]! == node)!["state"]!;

    [Fact]
    public async Task An_administrator_on_one_node_stops_starts_and_restarts_the_other_nodes_server_and_that_node_audits_who_asked()
    {
        var cluster = await StartClusterAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var bId = await b.GetNodeIdAsync(Ct);
        var asker = $"{NodeApi.AdminName} (via node {(string)(await a.GetJsonAsync("/api/node", Ct))["name"]!})";

        var stopped = await AcceptedAsync(a, ServerPath(bId, "stop"));
        Assert.Equal("Stopped", (string?)stopped["server"]!["state"]);
        Assert.Equal("Stopped", (await b.GetServerAsync(Ct)).State);
        Assert.Equal(new[] { asker }, await AuditUsersAsync(b, "server.stop"));
        Assert.Equal("Stopped", await StateInClusterAsync(a, bId));
        Assert.Contains(NodeApi.AdminName, await AuditUsersAsync(a, "cluster.server-stop"));

        await AcceptedAsync(a, ServerPath(bId, "start"));
        Assert.Equal("Standby", (await b.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct)).Role);
        Assert.Equal(asker, (await AuditUsersAsync(b, "server.start"))[0]);
        Assert.True(await TestCluster.EventuallyAsync(async () => await StateInClusterAsync(a, bId) == "Running", Generous, cancellationToken: Ct), "A's view of the cluster never showed B Running again");

        var startsBefore = (await AuditUsersAsync(b, "server.start")).Count;
        await AcceptedAsync(a, ServerPath(bId, "restart"));
        await b.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        Assert.Equal(new[] { asker, asker }, await AuditUsersAsync(b, "server.stop"));
        Assert.Equal(startsBefore + 1, (await AuditUsersAsync(b, "server.start")).Count);
        Assert.Equal("Active", (await a.GetServerAsync(Ct)).Role);
    }

    [Fact]
    public async Task The_other_nodes_stop_one_at_a_time_and_a_start_or_restart_returns_only_once_each_runs()
    {
        var cluster = await StartClusterAsync(3);
        var a = cluster.Nodes[0];
        var others = cluster.Nodes.Skip(1).ToList();

        var stop = await OtherNodesAsync(a, "stop");
        Assert.True((bool)stop["succeeded"]!, stop.ToJsonString());
        Assert.Equal(new[] { "Done", "Done" }, Steps(stop));
        foreach (var node in others)
        {
            Assert.Equal("Stopped", (await node.GetServerAsync(Ct)).State);
        }

        Assert.Equal("Running", (await a.GetServerAsync(Ct)).State);

        var start = await OtherNodesAsync(a, "start");
        Assert.True((bool)start["succeeded"]!, start.ToJsonString());
        Assert.Equal(new[] { "Done", "Done" }, Steps(start));
        foreach (var node in others)
        {
            // Returned only once each reported Running: no waiting here.
            Assert.Equal("Running", (await node.GetServerAsync(Ct)).State);
        }

        var restart = await OtherNodesAsync(a, "restart");
        Assert.True((bool)restart["succeeded"]!, restart.ToJsonString());
        Assert.Equal(2, Steps(restart).Count);
        foreach (var node in others)
        {
            Assert.Equal("Running", (await node.GetServerAsync(Ct)).State);
            Assert.Equal(2, (await AuditUsersAsync(node, "server.stop")).Count(u => u.StartsWith(NodeApi.AdminName + " (via node ", StringComparison.Ordinal)));
        }

        // Nothing left to start: nothing is done.
        var again = await OtherNodesAsync(a, "start");
        Assert.True((bool)again["succeeded"]!);
        Assert.Empty(Steps(again));

        static List<string> Steps(JsonNode result) => [.. result["nodes"]!.AsArray().Select(n => (string)n!["step"]!)];
    }

    [Fact]
    public async Task A_reviewer_an_unknown_node_this_node_the_other_nodes_own_refusal_a_forged_or_unsigned_call_and_a_node_that_is_gone_are_each_refused()
    {
        var cluster = await StartClusterAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var (aId, bId) = (await a.GetNodeIdAsync(Ct), await b.GetNodeIdAsync(Ct));

        await a.Node.CreateAccountAsync(NodeApi.AdminName, NodeApi.AdminPassword, "reviewer", "Review#Pass1", "Reviewer", Ct);
        using (var reviewer = a.Node.CreateClient(await a.Node.GetTokenAsync("reviewer", "Review#Pass1", Ct)))
        using (var refused = await reviewer.PostAsync(ServerPath(bId, "stop"), null, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var unknown = await a.SendAsync(HttpMethod.Post, ServerPath(Guid.NewGuid(), "stop"), cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var self = await a.SendAsync(HttpMethod.Post, ServerPath(aId, "stop"), cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
            Assert.Contains("/api/server/stop", await self.Content.ReadAsStringAsync(Ct));
        }

        // B's own refusal (its server runs already) comes back as B's 409, with its message.
        using (var twice = await a.SendAsync(HttpMethod.Post, ServerPath(bId, "start"), cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Contains("The server is already Running.", await twice.Content.ReadAsStringAsync(Ct));
        }

        var stopB = new Uri(b.Node.BaseAddress, "/api/cluster/internal/server/stop");
        var forged = await SignedCalls.SignAsync(HttpMethod.Post, stopB, null, Encoding.UTF8.GetBytes("not the cluster's key, 32 bytes!"), aId, bId, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(forged.ToRequest(), Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(new HttpRequestMessage(HttpMethod.Post, stopB), Ct));
        var withToken = new HttpRequestMessage(HttpMethod.Post, stopB);
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await b.Node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(withToken, Ct));
        Assert.Equal("Running", (await b.GetServerAsync(Ct)).State);
        Assert.Empty(await AuditUsersAsync(b, "server.stop"));

        // B's console is gone; its record still names it.
        await b.Node.StopAsync();
        using var gone = await a.SendAsync(HttpMethod.Post, ServerPath(bId, "stop"), cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.BadGateway, gone.StatusCode);
        var problem = JsonNode.Parse(await gone.Content.ReadAsStringAsync(Ct))!;
        Assert.Contains(b.Node.BaseAddress.Authority, (string)problem["detail"]!);
    }

    private static async Task<JsonNode> OtherNodesAsync(NodeApi node, string action)
    {
        using var response = await node.SendAsync(HttpMethod.Post, $"/api/cluster/other-nodes/server/{action}", cancellationToken: Ct);
        return JsonNode.Parse(await NodeApi.EnsureAsync(response, HttpStatusCode.OK, Ct))!;
    }
}
