using System.Net;
using System.Security.Cryptography.X509Certificates;
using OrchestratorConsole.Core.Features.Notifications;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

// The events that are not failures: a node whose configuration differs from the cluster's, and a certificate near its end.
public sealed partial class WebhookNotificationTests
{
    [Fact]
    public async Task A_node_left_out_of_sync_is_told_once_by_the_sender()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cluster = await StartClusterAsync(2);
        var (active, standby) = await ActiveFirstAsync(cluster);
        // A sender takes what is out of sync at its first round as already told (a new sender after a failover must
        // not tell it twice): the change below is made once the Active sends and has made that round.
        Assert.True(await TestCluster.EventuallyAsync(
            async () => (await active.GetJsonAsync("/api/notifications/status", Ct))["sending"]!.GetValue<bool>(),
            Delivery, cancellationToken: Ct), "the Active never became the sender");
        await Task.Delay(WebhookNotifier.Interval * 2, Ct);

        // Saved on the Active only: the standby's configuration now differs from the cluster's.
        await ConfigureAsync([active], receiver.Url, ["syncRequired"]);

        var standbyId = await standby.GetNodeIdAsync(Ct);
        await receiver.WaitForAsync(r => r.Any(d => d.Event == "syncRequired"), Delivery);
        using (var sync = await active.SendAsync(HttpMethod.Post, "/api/cluster/synchronize", new { nodeIds = new[] { standbyId } }, Ct))
        {
            await NodeApi.EnsureAsync(sync, HttpStatusCode.OK, Ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        var told = Assert.Single(receiver.Received);
        Assert.Equal("syncRequired", told.Event);
        Assert.Equal(standbyId, told.Json.GetProperty("node").GetProperty("nodeId").GetGuid());
        Assert.True(told.IsSignedWith(Secret));
    }

    [Fact]
    public async Task A_standby_serving_a_certificate_near_its_end_is_told_by_the_Active()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cluster = await StartClusterAsync(2);
        var (active, standby) = await ActiveFirstAsync(cluster);
        await ConfigureAsync(cluster, receiver.Url, ["certificateExpiring"]);

        using var ending = TestCertificates.Server("CN=ending.example.com", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        using (var client = standby.Node.CreateClient(await standby.Node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword, Ct)))
        using (var imported = await client.PostCertificateAsync(ending.Export(X509ContentType.Pkcs12, "ending"), "ending", Ct))
        {
            await NodeApi.EnsureAsync(imported, HttpStatusCode.OK, Ct);
        }

        // Each node checks its own certificate every minute.
        var told = await receiver.WaitForAsync(r => r.Any(d => d.Event == "certificateExpiring"), Delivery);

        var expiring = Assert.Single(told);
        Assert.Equal(await standby.GetNodeIdAsync(Ct), expiring.Json.GetProperty("node").GetProperty("nodeId").GetGuid());
        Assert.Equal(await active.GetNodeIdAsync(Ct), expiring.Json.GetProperty("sentBy").GetProperty("nodeId").GetGuid());
        Assert.Contains("ending.example.com", expiring.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(expiring.IsSignedWith(Secret));
    }
}
