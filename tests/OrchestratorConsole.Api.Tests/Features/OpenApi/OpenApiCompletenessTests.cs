using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Features.Reliability;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.OpenApi;

/// <summary>The OpenAPI document covers every route the app maps under /api, and its reference UI is served.</summary>
public sealed class OpenApiCompletenessTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Every_mapped_api_route_and_method_is_in_the_OpenAPI_document()
    {
        using var client = console.Anonymous();
        using var response = await client.Get("/openapi/v1.json");
        var document = await response.ShouldBeOkAsync();
        var paths = document["paths"]!.AsObject();

        var mapped = MappedApiRoutes();
        var missing = mapped
            .Where(r => paths[r.Path] is not JsonObject operations || !operations.ContainsKey(r.Method.ToLowerInvariant()))
            .Select(r => $"{r.Method} {r.Path}")
            .ToList();

        Assert.True(mapped.Count >= 30, $"Expected the console's API routes, found only {mapped.Count}: {string.Join(", ", mapped)}");
        Assert.True(missing.Count == 0, $"Mapped but not in /openapi/v1.json: {string.Join("; ", missing)}. The document lists: {string.Join(", ", paths.Select(p => p.Key))}");
    }

    [Fact]
    public async Task Every_operation_of_the_document_has_a_summary_or_a_tag_to_find_it_by()
    {
        using var client = console.Anonymous();
        var document = await client.GetOkAsync("/openapi/v1.json");

        var untagged = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Value is JsonObject).Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!.AsObject())))
            .Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && (o.Operation["tags"] as JsonArray is not { Count: > 0 }))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}")
            .ToList();

        Assert.True(untagged.Count == 0, $"Operations without a tag: {string.Join("; ", untagged)}");
    }

    [Fact]
    public async Task The_API_reference_at_scalar_is_an_HTML_page_served_anonymously()
    {
        using var client = console.Anonymous();
        using var response = await client.GetFollowingLocalRedirectsAsync("/scalar");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("/scalar", response.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Contains("Orchestrator Console API", StringComparison.Ordinal), $"The page does not name the API: {body}");
        Assert.True(body.Contains("openapi/v1.json", StringComparison.Ordinal), $"The page does not load the console's OpenAPI document: {body}");
    }

    /// <summary>Every (method, route pattern) the app maps under /api, with route constraints stripped as OpenAPI writes them.</summary>
    private List<(string Method, string Path)> MappedApiRoutes()
    {
        var routes = ApiRoute.All(console.Services);
        foreach (var route in routes)
        {
            Assert.True(route.Method != ApiRoute.AnyMethod, $"The API route {route.Endpoint.RoutePattern.RawText} ({route.Endpoint.DisplayName}) answers every HTTP method: give it a verb.");
        }

        return [.. routes.Select(r => (r.Method, ApiRoute.PathOf(r.Endpoint.RoutePattern))).Distinct().OrderBy(r => r.Item2, StringComparer.Ordinal)];
    }
}
