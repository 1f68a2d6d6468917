using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Notifications;

/// <summary>The <c>notifications</c> section: its defaults, its rules named per field, and its secret never shown.</summary>
public sealed class NotificationSectionTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    public const string Secret = "a-signing-secret-of-the-tests";

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "webhooks", """[{"url":"ftp://example.com/hook","events":["failover"]}]""", "Webhook 1 ('ftp://example.com/hook') is not an http:// or https:// address of at most 2048 characters." },
        { "webhooks", """[{"url":"hook","events":["failover"]}]""", "Webhook 1 ('hook') is not an http:// or https:// address of at most 2048 characters." },
        { "webhooks", """[{"url":"http://127.0.0.1:9/a","events":[]}]""", "Webhook 1 ('http://127.0.0.1:9/a') has no event: choose at least one of failover, nodeFailed, nodeReturned, syncRequired, certificateExpiring." },
        { "webhooks", """[{"url":"http://127.0.0.1:9/a","events":["failover","lunch"]}]""", "Webhook 1 has the event 'lunch'; events are failover, nodeFailed, nodeReturned, syncRequired, certificateExpiring." },
        { "webhooks", """[{"url":"http://127.0.0.1:9/a","events":["failover"]},{"url":"http://127.0.0.1:9/a","events":["nodeFailed"]}]""", "Webhook 2 ('http://127.0.0.1:9/a') is listed twice: give each address once, with all its events." },
    };

    [Fact]
    public async Task The_section_has_no_webhook_and_no_secret_by_default()
    {
        // A node of its own: the other tests of the class save the section.
        await using var fresh = new ConsoleFactory();
        using var admin = await fresh.AdminAsync();

        var section = await admin.GetOkAsync("/api/configuration/notifications");

        Assert.Empty(section["webhooks"]!.AsArray());
        Assert.Null((string?)section["secret"]);
        Assert.False((bool)section["secretHasValue"]!);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_webhook_is_refused_naming_it_and_nothing_is_saved(string field, string json, string message)
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync("/api/configuration/notifications");
        var body = new JsonObject { [field] = JsonNode.Parse(json), ["secret"] = Secret, ["version"] = (int)before["version"]! };

        using var response = await admin.Put("/api/configuration/notifications", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(message, problem.ErrorsFor(field));
        Assert.True(JsonNode.DeepEquals(before, await admin.GetOkAsync("/api/configuration/notifications")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short")]
    public async Task Webhooks_need_a_signing_secret_of_sixteen_characters(string secret)
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync("/api/configuration/notifications");
        var body = new JsonObject
        {
            ["webhooks"] = JsonNode.Parse("""[{"url":"http://127.0.0.1:9/a","events":["failover"]}]"""),
            ["secret"] = secret,
            ["version"] = (int)before["version"]!,
        };

        using var response = await admin.Put("/api/configuration/notifications", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Set a signing secret of at least 16 characters: every webhook body is signed with it."], problem.ErrorsFor("secret"));
    }

    [Fact]
    public async Task The_secret_is_kept_but_never_shown()
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync("/api/configuration/notifications");
        var body = new JsonObject
        {
            ["webhooks"] = JsonNode.Parse("""[{"url":"https://hooks.example.com/orchestrator","events":["failover","nodeFailed"]}]"""),
            ["secret"] = Secret,
            ["version"] = (int)before["version"]!,
        };

        using (var saved = await admin.Put("/api/configuration/notifications", body))
        {
            Assert.DoesNotContain(Secret, (await saved.ShouldBeOkAsync()).ToJsonString(), StringComparison.Ordinal);
        }

        var section = await admin.GetOkAsync("/api/configuration/notifications");
        Assert.DoesNotContain(Secret, section.ToJsonString(), StringComparison.Ordinal);
        Assert.True((bool)section["secretHasValue"]!);
        Assert.Equal("https://hooks.example.com/orchestrator", (string?)section["webhooks"]![0]!["url"]);
        Assert.Equal(["failover", "nodeFailed"], section["webhooks"]![0]!["events"]!.AsArray().Select(e => (string?)e));
    }

    [Fact]
    public async Task A_Reviewer_may_read_the_section_but_is_refused_a_change_and_a_test_before_the_body_is_read()
    {
        var userName = await console.CreateAccountAsync("Reviewer");
        using var reviewer = await console.ClientAsync(userName, ConsoleFactory.UserPassword);

        await (await reviewer.Get("/api/configuration/notifications")).ShouldBeOkAsync();
        using var malformed = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var test = await reviewer.PostAsync("/api/notifications/test", malformed, TestContext.Current.CancellationToken);
        await test.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var change = await reviewer.PutAsync("/api/configuration/notifications", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await change.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
