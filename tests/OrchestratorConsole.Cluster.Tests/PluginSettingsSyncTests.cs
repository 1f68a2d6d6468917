using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>Two node processes: a plug-in's settings are cluster configuration, so a difference shows in the sync state and Synchronize repairs it.</summary>
public sealed class PluginSettingsSyncTests : ClusterTest
{
    private const string Mail = "com.vmware.o11n.mail";
    private const string SynchronizationRequired = "Configuration synchronization required";

    private static async Task<JsonObject> NodeViewAsync(NodeApi from, Guid nodeId) =>
        (JsonObject)(await from.GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray().Single(n => (Guid)n!["nodeId"]! == nodeId)!;

    [Fact]
    public async Task A_differing_mail_setting_requires_synchronization_and_Synchronize_repairs_it()
    {
        var cluster = await StartClusterAsync(2, startServers: false);
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);
        foreach (var node in cluster.Nodes)
        {
            await node.InstallPluginAsync(PluginPackages.Sample("mail"), Ct);
            await node.SaveSectionAsync($"plugin.{Mail}", new JsonObject { ["smtpHost"] = "smtp.example.org", ["senderAddress"] = "o11n@example.org" }, Ct);
            await node.StartServerAsync(Ct);
            await node.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        }

        var secondId = await second.GetNodeIdAsync(Ct);
        Assert.True(
            await TestCluster.EventuallyAsync(async () => (string?)(await NodeViewAsync(first, secondId))["syncState"] == "Synchronized", Generous, cancellationToken: Ct),
            "The two nodes never showed the same configuration as Synchronized.");

        // Only the first node's Mail host changes: the second differs from the most recent configuration.
        await first.SaveSectionAsync($"plugin.{Mail}", new JsonObject { ["smtpHost"] = "relay.example.org" }, Ct);

        Assert.True(
            await TestCluster.EventuallyAsync(async () => (string?)(await NodeViewAsync(first, secondId))["syncState"] == SynchronizationRequired, Generous, cancellationToken: Ct),
            "The second node never showed that it needs synchronization.");
        var drift = await first.GetJsonAsync($"/api/cluster/drift?a={await first.GetNodeIdAsync(Ct)}&b={secondId}", Ct);
        var field = drift["fields"]!.AsArray().Single(f => (string?)f!["section"] == $"plugin.{Mail}" && (string?)f["field"] == "smtpHost")!;
        Assert.Equal(("relay.example.org", "smtp.example.org"), ((string?)field["nodeA"], (string?)field["nodeB"]));

        using (var sync = await first.SendAsync(HttpMethod.Post, "/api/cluster/synchronize", new { nodeIds = new[] { secondId } }, Ct))
        {
            var outcome = JsonNode.Parse(await NodeApi.EnsureAsync(sync, HttpStatusCode.OK, Ct))!.AsArray().Single()!;
            Assert.True((bool)outcome["succeeded"]!, outcome.ToJsonString());
        }

        Assert.Equal("relay.example.org", (string?)(await second.GetJsonAsync($"/api/configuration/plugin.{Mail}", Ct))["smtpHost"]);
        Assert.True(
            await TestCluster.EventuallyAsync(async () => (string?)(await NodeViewAsync(first, secondId))["syncState"] != SynchronizationRequired, Generous, cancellationToken: Ct),
            "The second node still needs synchronization after Synchronize.");
    }
}
