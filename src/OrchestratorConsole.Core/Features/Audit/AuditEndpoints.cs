using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrchestratorConsole.Core.Features.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (AuditService audit, string? user, string? action, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, HttpContext context) =>
            TypedResults.Ok(await audit.QueryAsync(new AuditQuery(user, action, from, to, skip ?? 0, take ?? 50), context.RequestAborted)))
            .WithTags("Audit").WithSummary("The audit trail, newest first; filter by user, action (prefix), from, to; paged with skip and take");
        api.MapGet("/audit/forwarding", async (AuditForwarder forwarder, HttpContext context) =>
            TypedResults.Ok(await forwarder.GetStatusAsync(context.RequestAborted)))
            .WithTags("Audit").WithSummary("Audit forwarding to syslog: target, events queued, sent and dropped, the last error");
    }
}
