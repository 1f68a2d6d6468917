using System.Text.Json.Nodes;

namespace OrchestratorConsole.Api.Tests.Infrastructure;

/// <summary>An <c>application/problem+json</c> body.</summary>
public sealed record Problem(string Title, string Detail, JsonObject? Errors)
{
    /// <summary>The messages for <paramref name="field"/>; fails when the problem names no such field.</summary>
    public IReadOnlyList<string> ErrorsFor(string field)
    {
        Assert.True(Errors is not null && Errors.ContainsKey(field), $"Expected errors.{field} in: {Errors?.ToJsonString() ?? "(no errors)"}; detail: {Detail}");
        return [.. Errors![field]!.AsArray().Select(m => (string)m!)];
    }
}
