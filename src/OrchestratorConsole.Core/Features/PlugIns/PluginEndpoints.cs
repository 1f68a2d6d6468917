using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.PlugIns;

public static class PluginEndpoints
{
    public static void MapPluginEndpoints(this RouteGroupBuilder api)
    {
        var plugins = api.MapGroup("/plugins").WithTags("Plug-ins");
        plugins.MapGet("/", async (PluginService service, HttpContext context) => TypedResults.Ok(await service.ListAsync(context.RequestAborted)))
            .WithSummary("Installed plug-ins with the version installed in the Orchestrator database");
        plugins.MapPost("/", async (HttpContext context, PluginService service) =>
        {
            if (!context.Request.HasFormContentType)
            {
                throw ValidationFailedException.For("package", "Send the package as multipart/form-data in a field named 'package'.");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var file = form.Files.GetFile("package") ?? throw ValidationFailedException.For("package", "The form has no file field named 'package'.");
            var confirm = bool.TryParse(form["confirmDowngrade"], out var c) && c;
            await using var stream = file.OpenReadStream();
            return TypedResults.Ok(await service.InstallAsync(context.Actor(), stream, confirm, context.RequestAborted));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(PluginUploadLimits.RequestBytes))
          .WithSummary("Install or upgrade a .vmoapp package (multipart field 'package'; 'confirmDowngrade=true' to install the same or an older version)")
          .WithMultipartForm("package", ("confirmDowngrade", FormFieldType.Boolean));
        plugins.MapGet("/{id}/configuration", async (string id, PluginService service, HttpContext context) =>
            TypedResults.Ok(await service.GetConfigurationAsync(id, context.RequestAborted)));
        plugins.MapPut("/{id}/enabled", async (string id, EnabledRequest request, PluginService service, HttpContext context) =>
            TypedResults.Ok(await service.SetEnabledAsync(context.Actor(), id, request.Enabled ?? throw ValidationFailedException.For("enabled", "Send {\"enabled\": true|false}."), context.RequestAborted)));
        plugins.MapPut("/{id}/configuration", async (string id, JsonObject body, PluginService service, HttpContext context) =>
        {
            int? revision = body["revision"] is JsonValue v && v.TryGetValue<int>(out var r) ? r : null;
            var values = body["values"] as JsonObject ?? body;
            return TypedResults.Ok(await service.ConfigureAsync(context.Actor(), id, values, revision, context.RequestAborted));
        });
        plugins.MapDelete("/{id}", async (string id, PluginService service, HttpContext context) =>
        {
            await service.UninstallAsync(context.Actor(), id, context.RequestAborted);
            return TypedResults.NoContent();
        });
    }
}
