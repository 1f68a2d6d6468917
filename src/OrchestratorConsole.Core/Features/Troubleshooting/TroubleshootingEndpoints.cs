using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Troubleshooting;

public static class TroubleshootingEndpoints
{
    public static void MapTroubleshootingEndpoints(this RouteGroupBuilder api)
    {
        var troubleshooting = api.MapGroup("/troubleshooting").WithTags("Troubleshooting");
        troubleshooting.MapPost("/reset-current-version", async (TroubleshootingService service, HttpContext context) =>
        {
            await service.ResetCurrentVersionAsync(context.Actor(), context.RequestAborted);
            return TypedResults.Ok(new ResetScheduled(true, "The next server start reinstalls all plug-in content."));
        }).RequireAuthorization(ApiSetup.TroubleshootingPolicy)
          .WithSummary("The next start reinstalls all plug-in content");
        troubleshooting.MapGet("/support-bundle", async (TroubleshootingService service, HttpContext context) =>
        {
            var (zip, name) = await service.GenerateLogReportAsync(context.Actor(), context.RequestAborted);
            return TypedResults.File(zip, "application/zip", name);
        }).WithSummary("A zip of the recent logs, the redacted configuration and the cluster state");
    }
}

/// <summary>The answer of <c>POST /api/troubleshooting/reset-current-version</c>.</summary>
public sealed record ResetScheduled(bool ResetPending, string Message);
