using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>
/// Two real node processes and a webhook receiver of the test library on loopback: the cluster's events reach the
/// webhook once per cluster, signed, and in order even when the receiver was down for a while.
/// </summary>
public sealed partial class WebhookNotificationTests : ClusterTest
{
    private const string Secret = "webhook-signing-secret-of-the-test";

    /// <summary>Beyond this the notifier's pauses (30 s at most) and the delivery pipeline's retries have surely run again.</summary>
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_kill_of_the_Active_gives_exactly_one_failover_notification_with_a_valid_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cluster = await StartClusterAsync(2);
        var (active, standby) = await ActiveFirstAsync(cluster);
        await ConfigureAsync(cluster, receiver.Url, ["failover", "nodeFailed"]);
        var killedId = await active.GetNodeIdAsync(Ct);

        await active.Node.StopAsync(); // kill -9 of that node's own process id
        await receiver.WaitForAsync(r => r.Any(d => d.Event == "failover") && r.Any(d => d.Event == "nodeFailed"), Delivery);
        // Several rounds of the notifier (one a second) later, nothing more came: each event was sent once.
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);

        var received = receiver.Received;
        var failover = Assert.Single(received, d => d.Event == "failover");
        Assert.Single(received, d => d.Event == "nodeFailed");
        Assert.Equal(2, received.Count);
        Assert.True(failover.IsSignedWith(Secret), $"the signature '{failover.Signature}' is not the HMAC-SHA256 of the body under the secret");
        Assert.False(failover.IsSignedWith(Secret + "x"));
        Assert.Equal("/hook", failover.Path);
        Assert.Equal("failover", failover.EventHeader);
        Assert.StartsWith("application/json", failover.ContentType, StringComparison.Ordinal);
        Assert.Equal(killedId, failover.Json.GetProperty("node").GetProperty("nodeId").GetGuid());
        Assert.Equal(await standby.GetNodeIdAsync(Ct), failover.Json.GetProperty("sentBy").GetProperty("nodeId").GetGuid());
        Assert.False(failover.Json.GetProperty("test").GetBoolean());
        Assert.NotNull(failover.Id);
    }

    [Fact]
    public async Task A_receiver_down_for_a_while_then_back_receives_every_event_in_order()
    {
        var receiver = await WebhookReceiver.StartAsync();
        var port = receiver.Port;
        var url = receiver.Url;
        var cluster = await StartClusterAsync(2);
        var (active, standby) = await ActiveFirstAsync(cluster);
        await ConfigureAsync(cluster, url, ["failover", "nodeFailed", "nodeReturned"]);
        await receiver.DisposeAsync(); // the receiver is down from here

        await active.Node.StopAsync();
        var killedId = await WaitForStateAsync(standby, "Failed");
        await active.Node.RestartAsync(Ct);
        await active.StartServerAsync(Ct);
        await active.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);

        // While it is down the sender says so, naming the receiver by its host only.
        var status = await TestCluster.EventuallyAsync(
            async () => (await standby.GetJsonAsync("/api/notifications/status", Ct))["webhooks"]!.AsArray().Any(w => w!["consecutiveFailures"]!.GetValue<int>() > 0),
            Delivery, cancellationToken: Ct);
        Assert.True(status, "the sending node never showed a failed delivery while the receiver was down");
        var shown = (await standby.GetJsonAsync("/api/notifications/status", Ct)).ToJsonString();
        Assert.Contains("could not be reached", shown, StringComparison.Ordinal);
        Assert.True((await standby.GetJsonAsync("/api/notifications/status", Ct))["sending"]!.GetValue<bool>());

        await using var back = await WebhookReceiver.StartAsync(port);
        var received = await back.WaitForAsync(r => r.Any(d => d.Event == "nodeReturned"), Delivery);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        received = back.Received;

        Assert.Equal(["failover", "nodeFailed", "nodeReturned"], received.Select(d => d.Event));
        Assert.All(received, d => Assert.True(d.IsSignedWith(Secret)));
        Assert.All(received, d => Assert.Equal(killedId, d.Json.GetProperty("node").GetProperty("nodeId").GetGuid()));
        var ids = received.Select(d => d.Id!.Value).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static async Task<(NodeApi Active, NodeApi Standby)> ActiveFirstAsync(TestCluster cluster)
    {
        var actives = await cluster.ActiveNodesAsync(cancellationToken: Ct);
        var active = Assert.Single(actives);
        return (active, cluster.Nodes.Single(n => n != active));
    }

    /// <summary>The same notifications section on every node, as a synchronization would leave it.</summary>
    private static Task ConfigureAsync(TestCluster cluster, string url, string[] events) => ConfigureAsync(cluster.Nodes, url, events);

    private static async Task ConfigureAsync(IEnumerable<NodeApi> nodes, string url, string[] events)
    {
        foreach (var node in nodes)
        {
            await node.SaveSectionAsync("notifications", new JsonObject
            {
                ["webhooks"] = new JsonArray(new JsonObject { ["url"] = url, ["events"] = new JsonArray([.. events.Select(e => (JsonNode?)e)]) }),
                ["secret"] = Secret,
            }, Ct);
        }
    }

    /// <summary>Waits until <paramref name="observer"/> sees the other node in <paramref name="state"/>; returns that node's id.</summary>
    private static async Task<Guid> WaitForStateAsync(NodeApi observer, string state)
    {
        var self = await observer.GetNodeIdAsync(Ct);
        Guid? found = null;
        Assert.True(await TestCluster.EventuallyAsync(async () =>
        {
            var other = (await observer.GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray().FirstOrDefault(n => n!["nodeId"]!.GetValue<Guid>() != self);
            found = other?["nodeId"]!.GetValue<Guid>();
            return other?["state"]!.GetValue<string>() == state;
        }, Generous, cancellationToken: Ct), $"the other node was not {state} within {Generous.TotalSeconds} s");
        return found!.Value;
    }
}
