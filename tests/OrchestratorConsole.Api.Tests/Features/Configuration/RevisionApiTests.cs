using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Configuration;

public sealed class RevisionApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task The_history_lists_revisions_newest_first_with_author_and_comment()
    {
        using var admin = await console.AdminAsync();
        var first = "first " + Guid.NewGuid();
        var second = "second " + Guid.NewGuid();
        await SaveAsync(admin, "general", new JsonObject { ["description"] = first, ["comment"] = first });
        await SaveAsync(admin, "general", new JsonObject { ["description"] = second, ["comment"] = second });

        var revisions = await admin.GetArrayAsync("/api/configuration/revisions");

        Assert.Equal(second, (string?)revisions[0]!["comment"]);
        Assert.Equal(first, (string?)revisions[1]!["comment"]);
        Assert.All(revisions.Take(2), r =>
        {
            Assert.Equal("general", (string?)r!["section"]);
            Assert.Equal(ConsoleFactory.AdminName, (string?)r["author"]);
        });
        var ids = revisions.Select(r => (long)r!["id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var times = revisions.Select(r => DateTimeOffset.Parse((string)r!["time"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Contains(revisions, r => (string?)r!["author"] == "system" && (string?)r["section"] == "database");
    }

    [Fact]
    public async Task The_diff_of_two_revisions_lists_the_changed_fields()
    {
        using var admin = await console.AdminAsync();
        var from = await SaveAsync(admin, "cluster", new JsonObject { ["activeNodes"] = 3, ["heartbeatIntervalMs"] = 5000 });
        var to = await SaveAsync(admin, "cluster", new JsonObject { ["activeNodes"] = 4, ["heartbeatIntervalMs"] = 6000 });
        var revisions = await admin.GetArrayAsync("/api/configuration/revisions?section=cluster");
        long IdOf(JsonObject saved) => (long)revisions.Single(r => (int)r!["version"]! == (int)saved["version"]!)!["id"]!;

        var diff = await admin.GetOkAsync($"/api/configuration/revisions/{IdOf(from)}/diff/{IdOf(to)}");

        var fields = diff["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal(["activeNodes", "heartbeatIntervalMs"], fields.Select(f => (string?)f["field"]).Order());
        var activeNodes = fields.Single(f => (string?)f["field"] == "activeNodes");
        Assert.Equal("3", (string?)activeNodes["before"]);
        Assert.Equal("4", (string?)activeNodes["after"]);
        Assert.Equal(IdOf(from), (long)diff["from"]!["id"]!);
        Assert.Equal(IdOf(to), (long)diff["to"]!["id"]!);
    }

    [Fact]
    public async Task The_diff_of_a_changed_secret_shows_that_it_changed_but_never_its_values()
    {
        using var admin = await console.AdminAsync();
        var settings = new JsonObject { ["type"] = "PostgreSQL", ["host"] = "127.0.0.1", ["port"] = 1, ["databaseName"] = "vco", ["userName"] = "vco" };
        settings["password"] = "Old-Secret-Value-1!";
        await SaveAsync(admin, "database", settings);
        await SaveAsync(admin, "database", new JsonObject { ["password"] = "New-Secret-Value-2!" });
        var revisions = await admin.GetArrayAsync("/api/configuration/revisions?section=database");

        using var response = await admin.Get($"/api/configuration/revisions/{revisions[1]!["id"]}/diff/{revisions[0]!["id"]}");

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var diff = await response.ShouldBeOkAsync();
        var password = Assert.Single(diff["fields"]!.AsArray());
        Assert.Equal("password", (string?)password!["field"]);
        Assert.True((bool)password["secret"]!);
        Assert.Contains("changed", (string?)password["after"]);
        Assert.DoesNotContain("Secret-Value", text);
    }

    [Fact]
    public async Task Restore_saves_the_old_values_as_a_new_revision()
    {
        using var admin = await console.AdminAsync();
        var old = await SaveAsync(admin, "general", new JsonObject { ["name"] = "restored-name", ["description"] = "the old one" });
        var current = await SaveAsync(admin, "general", new JsonObject { ["name"] = "newer-name", ["description"] = "the new one" });
        var revisions = await admin.GetArrayAsync("/api/configuration/revisions?section=general");
        var oldId = (long)revisions.Single(r => (int)r!["version"]! == (int)old["version"]!)!["id"]!;

        using var response = await admin.Post($"/api/configuration/revisions/{oldId}/restore", new { comment = "back to the old one" });

        var restored = await response.ShouldBeOkAsync();
        Assert.Equal("restored-name", (string?)restored["name"]);
        Assert.Equal("the old one", (string?)restored["description"]);
        Assert.Equal((int)current["version"]! + 1, (int)restored["version"]!);
        var latest = (await admin.GetArrayAsync("/api/configuration/revisions?section=general"))[0]!;
        Assert.Equal((int)restored["version"]!, (int)latest["version"]!);
        Assert.Equal("back to the old one", (string?)latest["comment"]);
        Assert.True(JsonNode.DeepEquals(restored, await admin.GetOkAsync("/api/configuration/general")));
        var audit = await admin.GetOkAsync("/api/audit?action=configuration.restore");
        Assert.True((int)audit["total"]! >= 1);
    }

    [Fact]
    public async Task Restore_without_a_body_names_the_restored_version_in_the_comment()
    {
        using var admin = await console.AdminAsync();
        var old = await SaveAsync(admin, "startup", new JsonObject { ["startServerOnLaunch"] = true });
        await SaveAsync(admin, "startup", new JsonObject { ["startServerOnLaunch"] = false });
        var revisions = await admin.GetArrayAsync("/api/configuration/revisions?section=startup");
        var oldId = (long)revisions.Single(r => (int)r!["version"]! == (int)old["version"]!)!["id"]!;

        using var response = await admin.Post($"/api/configuration/revisions/{oldId}/restore");

        var restored = await response.ShouldBeOkAsync();
        Assert.True((bool)restored["startServerOnLaunch"]!);
        var latest = (await admin.GetArrayAsync("/api/configuration/revisions?section=startup"))[0]!;
        Assert.StartsWith($"Restored Startup options version {old["version"]}, saved by vmware on ", (string?)latest["comment"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_revision_gets_404()
    {
        using var admin = await console.AdminAsync();
        var latest = (long)(await admin.GetArrayAsync("/api/configuration/revisions"))[0]!["id"]!;

        using var restore = await admin.Post("/api/configuration/revisions/999999/restore");
        using var diff = await admin.Get($"/api/configuration/revisions/{latest}/diff/999999");

        Assert.Contains("999999", (await restore.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail);
        await diff.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<JsonObject> SaveAsync(HttpClient admin, string section, JsonObject changes)
    {
        var current = await admin.GetOkAsync($"/api/configuration/{section}");
        changes["version"] = (int)current["version"]!;
        using var response = await admin.Put($"/api/configuration/{section}", changes);
        return await response.ShouldBeOkAsync();
    }
}
