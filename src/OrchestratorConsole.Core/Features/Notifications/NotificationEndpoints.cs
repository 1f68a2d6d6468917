using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Notifications;

public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/notifications/test", async (NotificationService service, HttpContext context) =>
                TypedResults.Ok(await service.TestAsync(context.Actor(), context.RequestAborted)))
            .RequireAuthorization(ApiSetup.AdministratorPolicy)
            .WithTags("Notifications")
            .WithSummary("Send a signed test event to every saved webhook; the outcome per webhook");
        api.MapGet("/notifications/status", (WebhookNotifier notifier) => TypedResults.Ok(notifier.Status))
            .WithTags("Notifications")
            .WithSummary("Whether this node sends the cluster's notifications, and how deliveries to each webhook went here");
    }
}
