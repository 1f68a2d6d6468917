using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Configuration;

public sealed record RestoreRequest(string? Comment);

public static class ConfigurationEndpoints
{
    public static void MapConfigurationEndpoints(this RouteGroupBuilder api)
    {
        var configuration = api.MapGroup("/configuration").WithTags("Configuration");
        configuration.MapGet("/revisions", async (ConfigurationService service, string? section, int? skip, int? take, HttpContext context) =>
            TypedResults.Ok((await service.ListRevisionsAsync(section, skip ?? 0, take ?? 500, context.RequestAborted)).Items))
            .WithSummary("Configuration history, newest first");
        configuration.MapGet("/revisions/{a:long}/diff/{b:long}", async (long a, long b, ConfigurationService service, HttpContext context) =>
            TypedResults.Ok(await service.DiffAsync(a, b, context.RequestAborted)))
            .WithSummary("Field-level diff of two revisions");
        configuration.MapPost("/revisions/{id:long}/restore", async (long id, ConfigurationService service, HttpContext context) =>
            {
                var request = await context.Request.ReadOptionalJsonAsync<RestoreRequest>();
                return TypedResults.Ok(ToJson(await service.RestoreAsync(context.Actor(), id, request?.Comment, context.RequestAborted)));
            })
            .WithSummary("Restore a revision as a new revision")
            .WithOptionalJsonBody<RestoreRequest>();
        configuration.MapGet("/{section}", async (string section, ConfigurationService service, HttpContext context) =>
            TypedResults.Ok(ToJson(await service.GetViewAsync(section, context.RequestAborted))))
            .WithSummary("Read a section (general, database, cluster, log, startup)");
        configuration.MapPut("/{section}", async (string section, JsonObject body, ConfigurationService service, HttpContext context) =>
        {
            var version = ReadVersion(body);
            var comment = body["comment"] is JsonValue c && c.TryGetValue<string>(out var text) ? text : null;
            return TypedResults.Ok(ToJson(await service.SaveAsync(context.Actor(), section, body, version, comment, cancellationToken: context.RequestAborted)));
        }).WithSummary("Save a section; a stale version gets 409");
    }

    /// <summary>The section's fields with its <c>version</c> beside them.</summary>
    public static JsonObject ToJson(SectionView view) => view.ToJson();

    private static int? ReadVersion(JsonObject body)
    {
        if (body["version"] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<int>(out var version))
        {
            return version;
        }

        throw ValidationFailedException.For("version", "The version must be a whole number, as GET returned it.");
    }
}
