using System.Text.Json.Nodes;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>An <c>application/problem+json</c> answer with a title and a detail and no stack trace; returns the body.</summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {body}";
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"Not a problem: {what}");
        NoStackTrace(body, what);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]), $"No title: {what}");
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), $"No detail: {what}");
        return problem;
    }

    /// <summary>Fails when <paramref name="body"/> looks like a .NET stack trace or names an exception type.</summary>
    public static void NoStackTrace(string body, string what)
    {
        Assert.False(body.Contains("   at ", StringComparison.Ordinal) || body.Contains("\\n   at ", StringComparison.Ordinal), $"A stack trace: {what}");
        Assert.False(body.Contains("Exception:", StringComparison.Ordinal) || body.Contains("Npgsql", StringComparison.Ordinal) || body.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal), $"Internals in the answer: {what}");
    }
}
