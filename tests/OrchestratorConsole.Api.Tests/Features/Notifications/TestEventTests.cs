using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Notifications;

/// <summary><c>POST /api/notifications/test</c> against a webhook receiver of the test library on loopback.</summary>
public sealed class TestEventTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Without_a_webhook_the_test_says_so()
    {
        using var admin = await console.AdminAsync();
        await SaveAsync(admin, []);

        var result = await (await admin.Post("/api/notifications/test")).ShouldBeOkAsync();

        Assert.False((bool)result["ok"]!);
        Assert.Equal("No webhook is saved: add one, save, then send a test event.", (string?)result["message"]);
    }

    [Fact]
    public async Task A_test_event_reaches_every_webhook_signed_with_the_secret()
    {
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        using var admin = await console.AdminAsync();
        await SaveAsync(admin, [(first.Url, "failover"), (second.Url + "?token=abc", "nodeFailed")]);

        var result = await (await admin.Post("/api/notifications/test")).ShouldBeOkAsync();

        Assert.True((bool)result["ok"]!, result.ToJsonString());
        Assert.Equal(2, result["webhooks"]!.AsArray().Count);
        foreach (var receiver in new[] { first, second })
        {
            var delivery = Assert.Single(await receiver.WaitForAsync(r => r.Count > 0, TimeSpan.FromSeconds(10)));
            Assert.Equal("test", delivery.Event);
            Assert.True(delivery.IsSignedWith(NotificationSectionTests.Secret), delivery.Signature);
            Assert.Matches("^sha256=[0-9a-f]{64}$", delivery.Signature);
            Assert.True(delivery.Json.GetProperty("test").GetBoolean());
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "answered 500")]
    [InlineData(HttpStatusCode.Found, "a redirect")]
    public async Task A_webhook_that_refuses_is_named_by_its_host_only(HttpStatusCode answer, string expected)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = answer;
        using var admin = await console.AdminAsync();
        await SaveAsync(admin, [(receiver.Url + "/secret-path-token", "failover")]);

        var result = await (await admin.Post("/api/notifications/test")).ShouldBeOkAsync();

        Assert.False((bool)result["ok"]!);
        var message = (string)result["webhooks"]![0]!["message"]!;
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{receiver.Port}", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-path-token", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_nobody_listens_on_is_reported_unreachable()
    {
        int port;
        await using (var gone = await WebhookReceiver.StartAsync())
        {
            port = gone.Port;
        }

        using var admin = await console.AdminAsync();
        await SaveAsync(admin, [($"http://127.0.0.1:{port}/hook", "failover")]);

        var result = await (await admin.Post("/api/notifications/test")).ShouldBeOkAsync();

        Assert.False((bool)result["ok"]!);
        Assert.Contains("could not be reached", (string)result["webhooks"]![0]!["message"]!, StringComparison.Ordinal);
    }

    private static async Task SaveAsync(HttpClient admin, (string Url, string Event)[] webhooks)
    {
        var before = await admin.GetOkAsync("/api/configuration/notifications");
        var body = new JsonObject
        {
            ["webhooks"] = new JsonArray([.. webhooks.Select(w => (JsonNode)new JsonObject { ["url"] = w.Url, ["events"] = new JsonArray(w.Event) })]),
            ["secret"] = NotificationSectionTests.Secret,
            ["version"] = (int)before["version"]!,
        };
        using var response = await admin.Put("/api/configuration/notifications", body);
        await response.ShouldBeOkAsync();
    }
}
