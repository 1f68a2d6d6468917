using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

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
        plugins.MapPut("/{id}/configuration", async (string id, JsonObject body, ConfigurationService configuration, HttpContext context) =>
        {
            // An alias of PUT /api/configuration/plugin.<id>; the body may also wrap the fields in "values" (and call the version "revision").
            var fields = body["values"] as JsonObject ?? body;
            return TypedResults.Ok(await ConfigurationEndpoints.SaveAsync(configuration, context, PluginSectionDefinition.NameOf(id), fields, body["version"] ?? body["revision"], body["comment"]));
        }).WithSummary("Save a plug-in's settings: an alias of PUT /api/configuration/plugin.<id>");
        plugins.MapGet("/{id}/package", async (string id, PluginService service, HttpContext context) =>
        {
            context.Actor().DemandAdministrator();
            var path = await service.PackagePathAsync(id, context.RequestAborted);
            return TypedResults.PhysicalFile(path, "application/zip", Path.GetFileName(path));
        }).RequireAuthorization(ApiSetup.AdministratorPolicy)
          .WithSummary("Download an installed package (for a node that joins)");
        plugins.MapDelete("/{id}", async (string id, PluginService service, HttpContext context) =>
        {
            await service.UninstallAsync(context.Actor(), id, context.RequestAborted);
            return TypedResults.NoContent();
        });
    }
}
