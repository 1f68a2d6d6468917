using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Configuration;

public static class ConfigurationEndpoints
{
    public static void MapConfigurationEndpoints(this RouteGroupBuilder api)
    {
        var configuration = api.MapGroup("/configuration").WithTags("Configuration");
        configuration.MapGet("/revisions", async (ConfigurationHistory service, string? section, int? skip, int? take, HttpContext context) =>
            TypedResults.Ok((await service.ListRevisionsAsync(section, skip ?? 0, take ?? 500, context.RequestAborted)).Items))
            .WithSummary("Configuration history, newest first");
        configuration.MapGet("/revisions/{a:long}/diff/{b:long}", async (long a, long b, ConfigurationHistory service, HttpContext context) =>
            TypedResults.Ok(await service.DiffAsync(a, b, context.RequestAborted)))
            .WithSummary("Field-level diff of two revisions");
        configuration.MapPost("/revisions/{id:long}/restore", async (long id, ConfigurationService service, HttpContext context) =>
            {
                var request = await context.Request.ReadOptionalJsonAsync<RestoreRequest>();
                return TypedResults.Ok((await service.RestoreAsync(context.Actor(), id, request?.Comment, context.RequestAborted)).ToJson());
            })
            .WithSummary("Restore a revision as a new revision")
            .WithOptionalJsonBody<RestoreRequest>();
        configuration.MapGet("/{section}", async (string section, ConfigurationService service, HttpContext context) =>
            TypedResults.Ok((await service.GetViewAsync(section, context.RequestAborted)).ToJson()))
            .WithSummary("Read a section (general, database, cluster, log, startup, and plugin.<id> for each installed plug-in)");
        configuration.MapPut("/{section}", async (string section, JsonObject body, ConfigurationService service, HttpContext context) =>
            TypedResults.Ok(await SaveAsync(service, context, section, body, body["version"], body["comment"])))
            .WithSummary("Save a section; a stale version gets 409");
    }

    /// <summary>A section's PUT: its fields, the version they were read at and an optional comment; answers the saved section.</summary>
    internal static async Task<JsonObject> SaveAsync(ConfigurationService service, HttpContext context, string section, JsonObject fields, JsonNode? version, JsonNode? comment) =>
        (await service.SaveAsync(
            context.Actor(),
            section,
            fields,
            ReadVersion(version),
            comment is JsonValue c && c.TryGetValue<string>(out var text) ? text : null,
            context.RequestAborted)).ToJson();

    private static int? ReadVersion(JsonNode? node)
    {
        if (node is not JsonValue value)
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
