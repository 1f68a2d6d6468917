using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Api.Tests.Infrastructure;

/// <summary>Assertions on what a caller of the API observes: the status code and the JSON or problem body.</summary>
public static class HttpAssertions
{
    /// <summary>Asserts the status code and returns the JSON body (null when there is none).</summary>
    public static async Task<JsonNode?> ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    public static async Task<JsonObject> ShouldBeOkAsync(this HttpResponseMessage response) =>
        (await response.ShouldBeAsync(HttpStatusCode.OK))!.AsObject();

    /// <summary>Asserts a problem+json answer with <paramref name="expected"/>, a title, a detail and never a stack trace.</summary>
    public static async Task<Problem> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = (await response.ShouldBeAsync(expected))?.AsObject();
        Assert.NotNull(json);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, (int)json["status"]!);
        var problem = new Problem((string?)json["title"] ?? string.Empty, (string?)json["detail"] ?? string.Empty, json["errors"] as JsonObject);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), $"A problem without a title: {json.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), $"A problem without a detail: {json.ToJsonString()}");
        Assert.DoesNotContain("   at ", json.ToJsonString());
        return problem;
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> Get(this HttpClient client, string path) => client.GetAsync(path, Cancellation);

    public static Task<HttpResponseMessage> Put(this HttpClient client, string path, object body) => client.PutAsJsonAsync(path, body, Cancellation);

    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object? body = null) =>
        body is null ? client.PostAsync(path, null, Cancellation) : client.PostAsJsonAsync(path, body, Cancellation);

    public static Task<HttpResponseMessage> Delete(this HttpClient client, string path) => client.DeleteAsync(path, Cancellation);

    public static async Task<JsonObject> GetOkAsync(this HttpClient client, string path)
    {
        using var response = await client.Get(path);
        return await response.ShouldBeOkAsync();
    }

    public static async Task<JsonArray> GetArrayAsync(this HttpClient client, string path)
    {
        using var response = await client.Get(path);
        return (await response.ShouldBeAsync(HttpStatusCode.OK))!.AsArray();
    }
}
