using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Api.Tests.Features.Audit;

/// <summary>What the audit tests do through the API: point forwarding somewhere, make audit events, read the forwarding state.</summary>
internal static class AuditApi
{
    public static async Task<JsonObject> SaveAuditAsync(HttpClient admin, object changes)
    {
        var current = await admin.GetOkAsync("/api/configuration/audit");
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(changes))!.AsObject();
        body["version"] = (int)current["version"]!;
        using var response = await admin.Put("/api/configuration/audit", body);
        return await response.ShouldBeOkAsync();
    }

    public static Task<JsonObject> ForwardToAsync(HttpClient admin, int port, bool tls = false, string host = "127.0.0.1") =>
        SaveAuditAsync(admin, new { syslogHost = host, syslogPort = port, syslogTls = tls });

    /// <summary>Saves the node's description: one <c>configuration.save</c> event whose detail ends with <paramref name="comment"/>.</summary>
    public static async Task SaveDescriptionAsync(HttpClient admin, string comment)
    {
        var general = await admin.GetOkAsync("/api/configuration/general");
        using var response = await admin.Put("/api/configuration/general", new { description = comment, comment, version = (int)general["version"]! });
        await response.ShouldBeOkAsync();
    }

    public static async Task<AuditForwardingStatus> StatusAsync(HttpClient client) =>
        System.Text.Json.JsonSerializer.Deserialize<AuditForwardingStatus>((await client.GetOkAsync("/api/audit/forwarding")).ToJsonString(), System.Text.Json.JsonSerializerOptions.Web)!;

    /// <summary>Waits until the forwarding state satisfies <paramref name="done"/>: the forwarder works in the background.</summary>
    public static async Task<AuditForwardingStatus> StatusWhenAsync(HttpClient client, Func<AuditForwardingStatus, bool> done, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var status = await StatusAsync(client);
        while (!done(status))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The forwarding state did not come about in {timeout}: {status}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
            status = await StatusAsync(client);
        }

        return status;
    }
}
