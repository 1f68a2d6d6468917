using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Health;

public sealed class HealthAndOpenApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Live_is_200_while_the_process_serves()
    {
        using var client = console.Anonymous();
        using var response = await client.Get("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_is_200_once_the_settings_store_answers()
    {
        using var client = console.Anonymous();
        using var response = await client.Get("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(console.SettingsStoreFile), "The settings store lives in the configured data directory.");
    }

    [Fact]
    public async Task Active_is_503_while_the_server_is_stopped()
    {
        using var client = console.Anonymous();
        using var admin = await console.AdminAsync();
        var server = await admin.GetOkAsync("/api/server");

        using var response = await client.Get("/health/active");

        Assert.Equal("Stopped", (string?)server["state"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_anonymous_and_lists_the_mapped_api_routes()
    {
        using var client = console.Anonymous();
        using var response = await client.Get("/openapi/v1.json");

        var document = await response.ShouldBeOkAsync();
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        string[] expected =
        [
            "/api/auth/token", "/api/auth/password", "/api/node", "/api/server",
            "/api/configuration/{section}", "/api/configuration/revisions", "/api/configuration/revisions/{a}/diff/{b}",
            "/api/configuration/revisions/{id}/restore", "/api/database/test", "/api/database/install",
            "/api/accounts", "/api/accounts/{userName}", "/api/accounts/{userName}/unlock", "/api/audit", "/api/logs",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
        var configuration = document["paths"]!["/api/configuration/{section}"]!.AsObject();
        Assert.True(configuration.ContainsKey("get") && configuration.ContainsKey("put"), configuration.ToJsonString());
        Assert.IsType<JsonObject>(document["paths"]!["/api/database/install"]!["post"]);
        Assert.IsType<JsonObject>(document["paths"]!["/api/database/test"]!["post"]!["requestBody"]!["content"]!["application/json"]);
        Assert.IsType<JsonObject>(document["paths"]!["/api/configuration/revisions/{id}/restore"]!["post"]!["requestBody"]!["content"]!["application/json"]);
    }
}
