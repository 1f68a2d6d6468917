using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Configuration;

public sealed class ConfigurationApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    public static TheoryData<string, string[]> SectionFields() => new()
    {
        { "general", ["name", "description"] },
        { "database", ["type", "host", "port", "databaseName", "userName", "password", "passwordHasValue", "useSsl", "sslMode", "instance", "domain", "useNtlmV2"] },
        { "cluster", ["clusterMode", "activeNodes", "heartbeatIntervalMs", "failoverHeartbeats"] },
        { "log", ["level"] },
        { "startup", ["startServerOnLaunch"] },
        { "network", ["listenAddress", "httpPort", "httpsPort", "publicUrl"] },
    };

    [Theory]
    [MemberData(nameof(SectionFields))]
    public async Task Each_section_returns_its_fields_and_a_version(string section, string[] fields)
    {
        using var admin = await console.AdminAsync();

        var body = await admin.GetOkAsync($"/api/configuration/{section}");

        Assert.All(fields, field => Assert.True(body.ContainsKey(field), $"{section} lacks {field}: {body.ToJsonString()}"));
        Assert.True((int)body["version"]! >= 1);
    }

    [Theory]
    [InlineData("general")]
    [InlineData("database")]
    [InlineData("cluster")]
    [InlineData("log")]
    [InlineData("startup")]
    [InlineData("network")]
    public async Task A_PUT_of_exactly_what_GET_returned_is_accepted(string section)
    {
        using var admin = await console.AdminAsync();
        var read = await admin.GetOkAsync($"/api/configuration/{section}");

        using var response = await admin.Put($"/api/configuration/{section}", read);

        var saved = await response.ShouldBeOkAsync();
        Assert.True(JsonNode.DeepEquals(read, saved), $"GET {read.ToJsonString()} but PUT returned {saved.ToJsonString()}");
    }

    [Fact]
    public async Task A_field_left_out_keeps_its_value()
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync("/api/configuration/general");
        var description = "Left-out test " + Guid.NewGuid();

        using var response = await admin.Put("/api/configuration/general", new { description, version = (int)before["version"]! });

        var saved = await response.ShouldBeOkAsync();
        Assert.Equal((string?)before["name"], (string?)saved["name"]);
        Assert.Equal(description, (string?)saved["description"]);
        Assert.Equal((int)before["version"]! + 1, (int)saved["version"]!);
        Assert.True(JsonNode.DeepEquals(saved, await admin.GetOkAsync("/api/configuration/general")));
    }

    [Fact]
    public async Task A_stale_version_gets_409_naming_who_saved_first_and_nothing_is_overwritten()
    {
        var other = await console.CreateAccountAsync("Administrator", "firstsaver");
        using var first = await console.ClientAsync(other, ConsoleFactory.UserPassword);
        using var second = await console.AdminAsync();
        var read = await second.GetOkAsync("/api/configuration/log");
        var version = (int)read["version"]!;
        var firstLevel = (string?)read["level"] == "WARN" ? "ERROR" : "WARN";

        using var winner = await first.Put("/api/configuration/log", new { level = firstLevel, version });
        using var loser = await second.Put("/api/configuration/log", new { level = "DEBUG", version });

        await winner.ShouldBeOkAsync();
        var problem = await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(other, problem.Detail);
        var now = await second.GetOkAsync("/api/configuration/log");
        Assert.Equal(firstLevel, (string?)now["level"]);
        Assert.Equal(version + 1, (int)now["version"]!);
    }

    [Theory]
    [InlineData("cluster", """{"activeNodes":0}""", "activeNodes")]
    [InlineData("cluster", """{"activeNodes":33}""", "activeNodes")]
    [InlineData("cluster", """{"heartbeatIntervalMs":100}""", "heartbeatIntervalMs")]
    [InlineData("cluster", """{"failoverHeartbeats":1}""", "failoverHeartbeats")]
    [InlineData("cluster", """{"activeNodes":"three"}""", "activeNodes")]
    [InlineData("log", """{"level":"LOUD"}""", "level")]
    [InlineData("general", """{"name":" "}""", "name")]
    [InlineData("database", """{"type":"PostgreSQL","host":null,"databaseName":"vco","userName":"vco"}""", "host")]
    [InlineData("database", """{"type":"PostgreSQL","host":"127.0.0.1","port":70000,"databaseName":"vco","userName":"vco"}""", "port")]
    [InlineData("database", """{"type":"Oracle"}""", "type")]
    public async Task Invalid_values_get_400_with_errors_per_field_and_nothing_is_saved(string section, string changes, string field)
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync($"/api/configuration/{section}");
        var body = JsonNode.Parse(changes)!.AsObject();
        body["version"] = (int)before["version"]!;

        using var response = await admin.Put($"/api/configuration/{section}", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsFor(field));
        Assert.True(JsonNode.DeepEquals(before, await admin.GetOkAsync($"/api/configuration/{section}")));
    }

    [Theory]
    [InlineData("""{"level":"INFO"}""")]
    [InlineData("""{"level":"INFO","version":"one"}""")]
    public async Task A_PUT_without_a_whole_number_version_gets_400_naming_the_version(string body)
    {
        using var admin = await console.AdminAsync();

        using var response = await admin.Put("/api/configuration/log", JsonNode.Parse(body)!);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsFor("version"));
    }

    [Fact]
    public async Task An_unknown_section_gets_404()
    {
        using var admin = await console.AdminAsync();

        using var read = await admin.Get("/api/configuration/no-such-section");
        using var write = await admin.Put("/api/configuration/no-such-section", new { version = 1 });

        Assert.Contains("general", (await read.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail);
        await write.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cluster_mode_is_refused_while_the_database_is_Embedded_and_the_reason_is_named()
    {
        using var admin = await console.AdminAsync();
        await SaveAsync(admin, "database", new JsonObject { ["type"] = "Embedded" });
        var cluster = await admin.GetOkAsync("/api/configuration/cluster");

        using var response = await admin.Put("/api/configuration/cluster", new { clusterMode = true, version = (int)cluster["version"]! });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.ErrorsFor("clusterMode"), m => m.Contains("Embedded", StringComparison.Ordinal) && m.Contains("PostgreSQL", StringComparison.Ordinal));
        Assert.False((bool)(await admin.GetOkAsync("/api/configuration/cluster"))["clusterMode"]!);
    }

    [Fact]
    public async Task The_database_cannot_go_back_to_Embedded_while_cluster_mode_is_on()
    {
        using var admin = await console.AdminAsync();
        await SaveAsync(admin, "database", new JsonObject { ["type"] = "PostgreSQL", ["host"] = "127.0.0.1", ["port"] = 1, ["databaseName"] = "vco", ["userName"] = "vco" });
        await SaveAsync(admin, "cluster", new JsonObject { ["clusterMode"] = true });
        try
        {
            var database = await admin.GetOkAsync("/api/configuration/database");

            using var response = await admin.Put("/api/configuration/database", new { type = "Embedded", version = (int)database["version"]! });

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(problem.ErrorsFor("type"), m => m.Contains("Embedded", StringComparison.Ordinal));
        }
        finally
        {
            await SaveAsync(admin, "cluster", new JsonObject { ["clusterMode"] = false });
        }
    }

    [Fact]
    public async Task A_saved_password_reads_back_as_null_with_hasValue_and_sending_null_keeps_it()
    {
        using var admin = await console.AdminAsync();
        var saved = await SaveAsync(admin, "database", new JsonObject
        {
            ["type"] = "PostgreSQL", ["host"] = "127.0.0.1", ["port"] = 1, ["databaseName"] = "vco", ["userName"] = "vco", ["password"] = "Kept-Secret-1!",
        });
        Assert.Null(saved["password"]);
        Assert.True((bool)saved["passwordHasValue"]!);

        var read = await admin.GetOkAsync("/api/configuration/database");
        Assert.Null(read["password"]);
        Assert.True((bool)read["passwordHasValue"]!);

        read["databaseName"] = "vco2";
        using var response = await admin.Put("/api/configuration/database", read);
        var kept = await response.ShouldBeOkAsync();

        Assert.True((bool)kept["passwordHasValue"]!);
        Assert.DoesNotContain("Kept-Secret-1!", kept.ToJsonString());
        var revisions = await admin.GetArrayAsync("/api/configuration/revisions?section=database");
        var diff = await admin.GetOkAsync($"/api/configuration/revisions/{revisions[1]!["id"]}/diff/{revisions[0]!["id"]}");
        var fields = diff["fields"]!.AsArray().Select(f => (string?)f!["field"]).ToList();
        Assert.Equal(["databaseName"], fields);
    }

    private static async Task<JsonObject> SaveAsync(HttpClient admin, string section, JsonObject changes)
    {
        var current = await admin.GetOkAsync($"/api/configuration/{section}");
        changes["version"] = (int)current["version"]!;
        using var response = await admin.Put($"/api/configuration/{section}", changes);
        return await response.ShouldBeOkAsync();
    }
}
