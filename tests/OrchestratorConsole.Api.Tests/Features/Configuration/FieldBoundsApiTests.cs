using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Configuration;

/// <summary>
/// A number beyond its range, an empty number, or a text beyond its length is refused with the bound named, and
/// nothing is saved: never clamped, never cut.
/// </summary>
public sealed class FieldBoundsApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    public static TheoryData<string, string, string, string> OutOfBounds => new()
    {
        { "cluster", "activeNodes", "-5", "Number of active nodes must be between 1 and 32; -5 is not." },
        { "cluster", "activeNodes", "33", "Number of active nodes must be between 1 and 32; 33 is not." },
        { "cluster", "heartbeatIntervalMs", "-1000", "Heartbeat interval (ms) must be between 500 and 60000; -1000 is not." },
        { "cluster", "heartbeatIntervalMs", "null", "Heartbeat interval (ms) must be a whole number between 500 and 60000." },
        { "cluster", "failoverHeartbeats", "0", "Number of failover heartbeats must be between 2 and 100; 0 is not." },
        { "database", "port", "-5", "Port must be between 1 and 65535; -5 is not." },
        { "database", "port", "70000", "Port must be between 1 and 65535; 70000 is not." },
        { "general", "name", "\"" + new string('n', 5000) + "\"", "Node name is at most 128 characters; this one has 5000." },
        { "general", "description", "\"" + new string('d', 1025) + "\"", "Description is at most 1024 characters; this one has 1025." },
    };

    [Theory]
    [MemberData(nameof(OutOfBounds))]
    public async Task A_value_beyond_its_bounds_is_refused_naming_them_and_nothing_is_saved(string section, string field, string json, string message)
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync($"/api/configuration/{section}");
        var body = new JsonObject { [field] = JsonNode.Parse(json), ["version"] = (int)before["version"]! };

        using var response = await admin.Put($"/api/configuration/{section}", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([message], problem.ErrorsFor(field));
        var after = await admin.GetOkAsync($"/api/configuration/{section}");
        Assert.True(JsonNode.DeepEquals(before, after), $"{section} changed: {after.ToJsonString()}");
    }

    [Fact]
    public async Task Values_at_the_bounds_are_saved_as_given()
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync("/api/configuration/cluster");
        var body = new { activeNodes = 32, heartbeatIntervalMs = 500, failoverHeartbeats = 100, version = (int)before["version"]! };

        using var response = await admin.Put("/api/configuration/cluster", body);

        var saved = await response.ShouldBeOkAsync();
        Assert.Equal((32, 500, 100), ((int)saved["activeNodes"]!, (int)saved["heartbeatIntervalMs"]!, (int)saved["failoverHeartbeats"]!));
    }
}
